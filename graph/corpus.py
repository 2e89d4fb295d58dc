"""Stage 1: read articles and their metadata into :class:`Document` records."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, Problem, where
from .model import Document

__all__ = ["Corpus", "read_corpus", "read_documents_csv", "read_text", "parse_date", "InputWarning"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
METADATA = "documents.csv"


class InputWarning(UserWarning):
    """A document was skipped or decoded with a fallback; the build goes on."""


def parse_date(value: str) -> str:
    """Check an ISO date of any precision and return it; raise ``ValueError``.

    >>> parse_date("2019-02")
    '2019-02'
    >>> parse_date("2019-13-01")
    Traceback (most recent call last):
    ...
    ValueError: '2019-13-01' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)
    """
    import datetime

    m = _DATE.match(value.strip())
    ok = bool(m)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value.strip()


def read_documents_csv(path: str | Path) -> dict[str, dict[str, str | None]]:
    """Read ``documents.csv`` (``id,date,title``) into ``{id: {date, title}}``.

    Every problem (missing column, bad date, duplicate id, a row with more
    fields than the header, a quoted field that runs over several lines) is
    reported at once in one :class:`InputError` naming the line and field.
    """
    return _read_documents_csv(Path(path))[0]


def _read_documents_csv(path: Path) -> tuple[dict[str, dict[str, str | None]], dict[str, int]]:
    """:func:`read_documents_csv` and the line of each id's row."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise InputError(f"{where(path, reader.line_num)}: not valid CSV ({exc})") from None
    columns = [c.strip() for c in header]
    missing = [c for c in ("id", "date") if c not in columns]
    if missing:
        raise InputError(f"{where(path, 1)}: missing column(s) {', '.join(missing)}; "
                         f"expected id,date,title (found {','.join(columns) or 'nothing'})")
    rows: dict[str, dict[str, str | None]] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    last = reader.line_num                   # the line the previous row ended on
    while True:
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            problems.append(Problem(str(path), reader.line_num, None, f"not valid CSV ({exc})"))
            break
        if fields is None:
            break
        line, last = last + 1, reader.line_num        # the row's first line
        if not fields:                       # a blank line
            continue
        if len(fields) > len(columns):
            problems.append(Problem(str(path), line, None,
                                    f"the row has {len(fields)} fields where the header has "
                                    f"{len(columns)} ({','.join(columns)}); quote a field "
                                    f"that holds a comma"))
            continue
        multi = [(c, f) for c, f in zip(columns, fields) if "\n" in f or "\r" in f]
        if multi:
            col, value = multi[0]
            first = value.splitlines()[0] if value.strip() else ""
            problems.append(Problem(str(path), line, col or None,
                                    f"a quoted field runs on to line {last}, swallowing the "
                                    f"rows between: an unterminated quote? (the field starts "
                                    f"{first[:40]!r})"))
            continue
        row = {c: f.strip() for c, f in zip(columns, fields)}
        doc_id = row.get("id", "")
        if not doc_id:
            problems.append(Problem(str(path), line, "id", "empty id"))
            continue
        if doc_id in rows:
            problems.append(Problem(str(path), line, "id",
                                    f"duplicate id {doc_id!r} (first at line {lines[doc_id]})"))
            continue
        date = row.get("date") or None
        if date:
            try:
                date = parse_date(date)
            except ValueError as exc:
                problems.append(Problem(str(path), line, "date", str(exc)))
                continue
        rows[doc_id] = {"date": date, "title": row.get("title") or None}
        lines[doc_id] = line
    if problems:
        raise InputError.collect(str(path), problems)
    return rows, lines


_HTML = re.compile(r"<\s*/?\s*(?:p|div|br|span|a|b|i|em|strong|h[1-6]|li|ul|ol|html|body|head|"
                   r"title|script|style|table|tr|td|meta|link|img)\b[^>]*>|&(?:[a-z]+|#\d+);",
                   re.I)


class _TextOnly:
    """Strip HTML to its text: tags go, block tags end lines, script and
    style vanish, entities are decoded (stdlib html.parser)."""

    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title"}

    def __call__(self, markup: str) -> str:
        from html.parser import HTMLParser

        out: list[str] = []
        skip = [0]
        block = self.BLOCK

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag in ("script", "style"):
                    skip[0] += 1
                elif tag in block:
                    out.append("\n")

            def handle_endtag(self, tag):
                if tag in ("script", "style"):
                    skip[0] = max(0, skip[0] - 1)
                elif tag in block:
                    out.append("\n")

            def handle_data(self, data):
                if not skip[0]:
                    out.append(data)

        p = P(convert_charrefs=True)
        p.feed(markup)
        p.close()
        text = "".join(out)
        return re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", text).strip() + "\n"


strip_html = _TextOnly()


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or mostly control characters in the first 8 kB (UTF-16 aside)."""
    head = raw[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and ctrl / len(head) > 0.1


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    bytes fall back to cp1252. Line ends become ``\\n``. HTML (tags or
    entities) is reduced to its text, and the encoding says so (``utf-8+html``).
    """
    raw = Path(path).read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = raw.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, enc = raw.decode("cp1252", errors="replace"), "cp1252"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML.search(text[:100_000]):
        text, enc = strip_html(text), enc + "+html"
    return text, enc


def _files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    metas: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(x for x in p.iterdir() if x.is_file() and x.suffix == ".txt"))
            if (p / METADATA).is_file():
                metas.append(p / METADATA)
        elif p.is_file():
            if p.name == METADATA:
                metas.append(p)
            else:
                files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return files, metas


class Corpus:
    """The articles of ``paths``, read one at a time in id order.

    Listing the files (and reading every ``documents.csv``) happens at
    once, so a missing path or a duplicate id fails before any document is
    read; iterating reads, decodes and yields one :class:`Document` at a
    time, so a large corpus is never held in memory whole. ``skipped``
    lists ``(path, reason)`` of the files passed over (empty, binary) and
    ``notes`` ``(path, note)`` of those read with a fallback (an encoding
    other than UTF-8, HTML removed), each also an :class:`InputWarning`.
    """

    def __init__(self, paths: str | Path | Iterable[str | Path],
                 skipped: list[tuple[str, str]] | None = None):
        self.paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
        files, self.metas = _files(self.paths)
        self.meta: dict[str, dict[str, str | None]] = {}
        self._meta_lines: list[tuple[Path, dict[str, int]]] = []   # each file's id -> line
        for m in self.metas:
            rows, lines = _read_documents_csv(m)
            self.meta.update(rows)
            self._meta_lines.append((m, lines))
        by_id: dict[str, Path] = {}
        for f in files:
            if f.stem in by_id:
                raise InputError(f"{f}: duplicate document id {f.stem!r} (also {by_id[f.stem]})")
            by_id[f.stem] = f
        self.files = [by_id[k] for k in sorted(by_id)]
        self.skipped = skipped if skipped is not None else []
        self.notes: list[tuple[str, str]] = []
        self.read = 0

    def __len__(self) -> int:
        """The number of candidate files (some may yet be skipped)."""
        return len(self.files)

    def __iter__(self) -> Iterator[Document]:
        for f in self.files:
            doc = self._read(f)
            if doc is not None:
                self.read += 1
                yield doc
        stems = {f.stem for f in self.files}
        for m, lines in self._meta_lines:
            for doc_id in sorted(set(lines) - stems, key=lines.__getitem__):
                warnings.warn(f"{where(m, lines[doc_id])}: id {doc_id!r} has no document in "
                              "the input", InputWarning, stacklevel=2)
        if not self.read:
            why = f" ({len(self.skipped)} skipped)" if self.skipped else ""
            raise InputError(f"{', '.join(str(p) for p in self.paths)}: "
                             f"no .txt documents found{why}")

    def _read(self, f: Path) -> Document | None:
        raw = f.read_bytes()
        reason = "empty" if not raw.strip() else ("binary" if looks_binary(raw) else None)
        if reason:
            self.skipped.append((str(f), reason))
            warnings.warn(f"{f}: skipped ({reason} file)", InputWarning, stacklevel=3)
            return None
        text, enc = read_text(f)
        base, _, html = enc.partition("+")
        if base != "utf-8":
            self.notes.append((str(f), f"read as {base}"))
            warnings.warn(f"{f}: not UTF-8, read as {base}", InputWarning, stacklevel=3)
        if html:
            self.notes.append((str(f), "HTML markup removed"))
            warnings.warn(f"{f}: HTML markup removed", InputWarning, stacklevel=3)
        row = self.meta.get(f.stem, {})
        return Document(f.stem, text, row.get("date"), row.get("title"), str(f))


def read_corpus(paths: str | Path | Iterable[str | Path],
                skipped: list[tuple[str, str]] | None = None) -> list[Document]:
    """Read ``.txt`` articles from files and folders, in id order.

    A folder's ``documents.csv`` gives each document's date and title; a
    document without a row still loads, with no date. Inside a folder only
    ``.txt`` files are read (other files are left alone); a file named on its
    own is read whatever its suffix. Empty and binary files are skipped with
    an :class:`InputWarning` naming them, and listed in ``skipped`` as
    ``(path, reason)``; text that is not UTF-8 is read as cp1252 with a
    warning, and HTML is reduced to its text. :class:`Corpus` reads the
    same documents one at a time.

    >>> docs = read_corpus("seeds")
    >>> docs[0].id, docs[0].date
    ('000_9414ddc8d74dad59', '2019-02')
    """
    return list(Corpus(paths, skipped))
