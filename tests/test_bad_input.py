"""Whatever analysts feed it: clear warnings or errors, nothing lost silently,
nothing half-written; extraction never raises and stays inside its document."""

import os
import subprocess
import sys
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph
from graph.corpus import InputWarning, read_corpus
from graph.extract import extract_document
from graph.model import Document

from .conftest import ROOT, SEEDS

TEXT = "Syrian President Bashar al-Assad visited Tehran.\n"
CASES = [
    # file name, bytes, expected warning (None: none), document read?
    ("a.txt", TEXT.encode(), None, True),
    ("empty.txt", b"", "empty.txt: skipped (empty file)", False),
    ("blank.txt", b"  \n\n ", "blank.txt: skipped (empty file)", False),
    ("bin.txt", b"\x00\x01\x02\x03PK", "bin.txt: skipped (binary file)", False),
    ("latin.txt", "Erdoğan’s visit to Tehran".encode("utf-8").replace(b"\xe2\x80\x99", b"\x92")
     .replace("ğ".encode(), b"g"), "latin.txt: not UTF-8, read as cp1252", True),
    ("u16.txt", TEXT.encode("utf-16"), "u16.txt: not UTF-8, read as utf-16", True),
    ("bom.txt", TEXT.encode("utf-8-sig"), None, True),
    ("page.txt", b"<p>Assad visited Tehran &amp; Moscow.</p><script>x()</script>",
     "page.txt: HTML markup removed", True),
]


@pytest.mark.parametrize("name,data,warning,read", CASES, ids=[c[0] for c in CASES])
def test_input_files(tmp_path, name, data, warning, read):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text(TEXT)            # so the folder is never empty
    skipped: list = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = read_corpus(tmp_path, skipped)
    messages = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    if warning:
        assert any(warning in m for m in messages), messages
    else:
        assert messages == []
    assert (name.rsplit(".", 1)[0] in {d.id for d in docs}) == read
    assert (len(skipped) == 0) == read


def test_html_is_reduced_to_text(tmp_path):
    (tmp_path / "p.txt").write_text("<html><p>Assad visited Tehran &amp; Moscow.</p>"
                                    "<script>var a = 1;</script></html>")
    with pytest.warns(InputWarning):
        (doc,) = read_corpus(tmp_path)
    assert doc.text.strip() == "Assad visited Tehran & Moscow."


def test_non_txt_files_in_a_folder_are_left_alone(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "b.md").write_text(TEXT)
    assert [d.id for d in read_corpus(tmp_path)] == ["a"]
    assert [d.id for d in read_corpus(tmp_path / "b.md")] == ["b"]    # named on its own


def test_unknown_id_in_documents_csv_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "documents.csv").write_text("id,date,title\na,2019,A\nghost,2019,G\n")
    with pytest.warns(InputWarning) as caught:
        read_corpus(tmp_path)
    assert [str(w.message) for w in caught] == [
        f"{tmp_path / 'documents.csv'}:3: id 'ghost' has no document in the input"]


def test_only_skipped_files_is_an_error(tmp_path):
    (tmp_path / "e.txt").write_text("")
    with pytest.warns(InputWarning), pytest.raises(graph.InputError, match="1 skipped"):
        read_corpus(tmp_path)


def test_build_summary_counts_skipped_documents(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "e.txt").write_text("")
    (tmp_path / "f.txt").write_text("  \n")
    (tmp_path / "g.txt").write_bytes(b"\x00\x01PK\x03\x04" * 50)
    (tmp_path / "h.txt").write_bytes(TEXT.replace("Assad", "Assad\u2019s aide").encode("cp1252"))
    r = subprocess.run([sys.executable, "-m", "graph", "build", str(tmp_path), "--out",
                        str(tmp_path / "out"), "--no-figures"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "kg: warning: " in r.stderr and "e.txt: skipped (empty file)" in r.stderr
    assert "2 documents read, 3 skipped, 4 facts" in r.stderr
    assert "  skipped (1 binary: g.txt; 2 empty: e.txt, f.txt)" in r.stderr
    assert "  read with a fallback (1 read as cp1252: h.txt)" in r.stderr


def test_read_only_output_parent(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = subprocess.run([sys.executable, "-m", "graph", "build", "seeds", "--out",
                            str(ro / "out"), "--no-figures"], capture_output=True, text=True,
                           cwd=ROOT)
        import os
        if os.access(ro, os.W_OK):       # root can write anyway: nothing to check
            pytest.skip("running as a user who can write a read-only folder")
        assert r.returncode == 1 and "not writable" in r.stderr
    finally:
        ro.chmod(0o755)


@pytest.fixture(scope="module")
def kb_rules():
    return graph.load_knowledge(), graph.load_rules()


WORDS = st.sampled_from(["Assad", "met", "visited", "Tehran", "Iran", "the", "Syrian",
                         "President", "will", "not", "and", ",", ".", "?", "Putin", "'s",
                         "backed", "-", "Hezbollah", "condemned", "on", "Monday", "his",
                         "counterpart", "in", "February", "2019", "\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=120).map(" ".join)))
def test_extraction_never_raises_and_stays_in_its_document(kb_rules, text):
    kb, rules = kb_rules
    doc = Document("p", text, "2019-02-25")
    first = extract_document(doc, kb, rules)
    for f in first.facts:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.evidence
    again = extract_document(doc, kb, rules)
    assert again.facts == first.facts


def test_adversarial_sentence_finishes(tmp_path):
    """A sentence built to make backtracking patterns explode: thousands of
    mentions, list words and gap words, no full stop. The patterns' gaps
    are bounded and never nested, so this stays linear; the subprocess's
    timeout only keeps a regression from hanging the suite."""
    parts = ["Assad , Putin and Erdogan met with Rouhani , Khamenei and"] * 400 + \
            ["the the the of of of"] * 400
    (tmp_path / "x.txt").write_text(" ".join(parts))
    r = subprocess.run([sys.executable, "-m", "graph", "build", str(tmp_path), "--out",
                        str(tmp_path / "out"), "--no-figures", "--quiet"], capture_output=True,
                       text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr


def test_a_50_mb_article_is_built_in_sections_with_bounded_memory(tmp_path):
    """One 50 MB file (a scrape run together): it is read and extracted in
    sections, its facts come out, and memory stays far below the text's
    many copies a naive pipeline would hold (tokens alone would take GBs)."""
    filler = ("The committee reviewed the budget figures for the coming season and agreed to "
              "publish a summary of its findings after the regional consultations ended. ") * 6
    news = ("Syrian President Bashar al-Assad visited Tehran on Monday and met Supreme Leader "
            "Ali Khamenei.")
    parts, size, i = [], 0, 0
    while size < 50_000_000:
        p = (news if i % 20 == 0 else filler) + "\n\n"
        parts.append(p)
        size += len(p)
        i += 1
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "huge.txt").write_text("".join(parts) + "Unfinished sentence with no end",
                                              encoding="utf-8")
    del parts
    p = subprocess.Popen([sys.executable, "-m", "graph", "build", str(tmp_path / "in"), "--out",
                          str(tmp_path / "out"), "--no-figures", "--jobs", "1"], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read()
    assert status == 0, err
    assert "1 documents read, 0 skipped, 4 facts" in err
    rows = (tmp_path / "out" / "facts.csv").read_text().splitlines()
    assert {r.split(",")[2] for r in rows[1:]} == {"holds_office", "visited", "met"}
    assert usage.ru_maxrss / 1024 < 1000, f"peak {usage.ru_maxrss / 1024:.0f} MB"


def test_a_sentence_without_punctuation_is_cut_into_bounded_pieces():
    from graph.text import MAX_SENTENCE, split_sentences

    text = "word " * 5000 + "Assad met Putin"
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(s.text) <= MAX_SENTENCE for s in pieces)
    assert all(text[s.start:s.end] == s.text for s in pieces)
    assert pieces[-1].text.endswith("Assad met Putin")


def kg(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_the_same_document_id_in_two_folders(tmp_path):
    for name in ("d1", "d2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(TEXT)
    r = kg("build", str(tmp_path / "d1"), str(tmp_path / "d2"), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr == (f"kg: error: {tmp_path / 'd2' / 'x.txt'}: duplicate document id 'x' "
                        f"(also {tmp_path / 'd1' / 'x.txt'})\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d1", "d2"]


@pytest.mark.parametrize("option,name,what", [("--knowledge", "persons.yaml", "knowledge"),
                                              ("--rules", "mine.yaml", "rule")])
def test_yaml_cannot_run_code(tmp_path, option, name, what):
    marker = tmp_path / "pwned"
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / name).write_text(f'- !!python/object/apply:os.system ["touch {marker}"]\n')
    r = kg("build", str(SEEDS), "--out", str(tmp_path / "out"), "--no-figures", option,
           str(folder))
    assert r.returncode == 1
    assert r.stderr.startswith(f"kg: error: {what} files: 1 problem\n  {folder / name}:1: "
                               "YAML syntax error: could not determine a constructor for the "
                               "tag 'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extra"]


BAD_FOLDERS = [
    ("--knowledge", "persons.yaml",
     "# mine\n- name: Foo Bar\n  gender: male\n  state: Iran\n  colour: red\n",
     "knowledge files: 1 problem\n  {path}:2: colour: unknown key"),
    ("--rules", "mine.yaml",
     "# mine\n\n- id: mine.met\n  relation: met\n  description: d\n"
     "  pattern: '{{S:Person}} met {{O:Persn}}'\n"
     "  examples:\n    - text: Assad met Putin.\n      facts: ['Bashar al-Assad | met | "
     "Vladimir Putin']\n  counterexamples:\n    - text: Assad saw Putin.\n",
     "rule files: 1 problem\n  {path}:3: pattern: at 16: unknown slot type 'Persn'"),
]


@pytest.mark.parametrize("option,name,content,message", BAD_FOLDERS,
                         ids=[b[0] for b in BAD_FOLDERS])
def test_a_bad_extra_folder_names_file_and_line(tmp_path, option, name, content, message):
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / name).write_text(content.format())
    r = kg("build", str(SEEDS), "--out", str(tmp_path / "out"), "--no-figures", option,
           str(folder))
    assert r.returncode == 1
    assert r.stderr.startswith("kg: error: " + message.format(path=folder / name)), r.stderr
    assert not (tmp_path / "out").exists()


def test_latin1_text_is_read_and_the_warning_names_the_encoding(tmp_path):
    (tmp_path / "a.txt").write_bytes("Assad visited the Café Naderi in Tehran.".encode("latin-1"))
    with pytest.warns(InputWarning, match=r"a\.txt: not UTF-8, read as cp1252"):
        (doc,) = read_corpus(tmp_path)
    assert "Café Naderi" in doc.text


def test_out_outside_the_working_folder(tmp_path):
    out = tmp_path / "elsewhere" / "exports"
    out.parent.mkdir()
    r = kg("build", str(SEEDS), "--out", str(out), "--no-figures")
    assert r.returncode == 0, r.stderr
    assert "5 documents read, 0 skipped, " in r.stderr and r.stderr.splitlines()[-1].endswith(
        f"edges -> {out}")
    assert sorted(p.name for p in out.iterdir()) == ["facts.csv", "graph.ttl"]
