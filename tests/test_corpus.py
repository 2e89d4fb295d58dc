import pytest

from graph.corpus import read_corpus, read_documents_csv
from graph.errors import InputError

from .conftest import SEEDS


def test_seeds_load_with_dates_and_titles():
    docs = read_corpus(SEEDS)
    assert [d.id for d in docs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    by_id = {d.id: d for d in docs}
    assert by_id["001_593cb688efbede48"].date == "2019-03-09"
    assert by_id["000_9414ddc8d74dad59"].date == "2019-02"
    assert by_id["002_577b2e3b5703147c"].title is None         # empty title column
    assert by_id["003_0c115d166d03e55d"].title.startswith("Syria's Assad Visits Iran")


def test_document_without_row_still_loads(tmp_path):
    (tmp_path / "a.txt").write_text("Assad visited Tehran.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Putin visited Ankara.", encoding="utf-8")
    (tmp_path / "documents.csv").write_text("id,date,title\na,2019-02-25,A\n", encoding="utf-8")
    docs = read_corpus(tmp_path)
    assert [(d.id, d.date) for d in docs] == [("a", "2019-02-25"), ("b", None)]


def test_bom_and_windows_line_ends(tmp_path):
    (tmp_path / "a.txt").write_bytes("Assad visited Tehran.\r\nHe met Rouhani.".encode("utf-8-sig"))
    (tmp_path / "documents.csv").write_bytes("\ufeffid,date,title\r\na,2019,T\r\n".encode())
    (doc,) = read_corpus(tmp_path)
    assert doc.text == "Assad visited Tehran.\nHe met Rouhani." and doc.date == "2019"


BAD_CSV = [
    ("id,title\na,T\n", "documents.csv:1: missing column(s) date"),
    ("id,date,title\na,2019-13-01,T\n", "documents.csv:2: date: '2019-13-01' is not a date"),
    ("id,date,title\na,2019,T\na,2020,U\n", "documents.csv:3: id: duplicate id 'a'"),
    ("id,date,title\n,2019,T\n", "documents.csv:2: id: empty id"),
    ("id,date,title\na,yesterday,T\nb,2019/02/01,U\n", "2 problems"),
    ("id,date,title\na,2019,Assad, in Tehran\n",
     "documents.csv:2: the row has 4 fields where the header has 3 (id,date,title)"),
    ("id,date,title\na,2019,A\n\nb,2019,B,x,y\n", "documents.csv:4: the row has 5 fields"),
    ('id,date,title\na,2019,"Assad in Tehran\nb,2020,B\nc,2021,C\n',
     "documents.csv:2: title: a quoted field runs on to line 4, swallowing the rows between: "
     "an unterminated quote? (the field starts 'Assad in Tehran')"),
    ('id,date,title\na,2019,A\nb,"2020\n,B\n', "documents.csv:3: date: a quoted field runs on to "
     "line 4"),
]


@pytest.mark.parametrize("content,message", BAD_CSV)
def test_bad_documents_csv(tmp_path, content, message):
    path = tmp_path / "documents.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_documents_csv(path)
    assert message in str(err.value)


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "nope")
    with pytest.raises(InputError, match="no .txt documents found"):
        read_corpus(tmp_path)


def test_non_utf8_text_is_read_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_bytes("Erdoğan’s visit".encode("utf-8").replace(b"\xe2\x80\x99",
                                                                           b"\x92"))
    with pytest.warns(UserWarning, match="a.txt: not UTF-8, read as cp1252"):
        (doc,) = read_corpus(tmp_path)
    assert doc.text.endswith("’s visit")


def test_a_quoted_comma_is_one_field(tmp_path):
    path = tmp_path / "documents.csv"
    path.write_text('id,date,title\na,2019,"Assad, in Tehran"\nb,2020\n', encoding="utf-8")
    assert read_documents_csv(path) == {"a": {"date": "2019", "title": "Assad, in Tehran"},
                                        "b": {"date": "2020", "title": None}}
