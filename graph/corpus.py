"""Stage 1: read articles and their metadata into :class:`Document` records."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path
from typing import Iterable

from .errors import InputError, Problem, where
from .model import Document

__all__ = ["read_corpus", "read_documents_csv", "read_text", "parse_date", "InputWarning"]

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

    Every problem (missing column, bad date, duplicate id) is reported at
    once in one :class:`InputError` naming the line and field.
    """
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("id", "date") if c not in columns]
    if missing:
        raise InputError(f"{where(path, 1)}: missing column(s) {', '.join(missing)}; "
                         f"expected id,date,title (found {','.join(columns) or 'nothing'})")
    rows: dict[str, dict[str, str | None]] = {}
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        doc_id = row.get("id", "")
        if not doc_id:
            problems.append(Problem(str(path), line, "id", "empty id"))
            continue
        if doc_id in rows:
            problems.append(Problem(str(path), line, "id", f"duplicate id {doc_id!r}"))
            continue
        date = row.get("date") or None
        if date:
            try:
                date = parse_date(date)
            except ValueError as exc:
                problems.append(Problem(str(path), line, "date", str(exc)))
                continue
        rows[doc_id] = {"date": date, "title": row.get("title") or None}
    if problems:
        raise InputError.collect(str(path), problems)
    return rows


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    bytes fall back to cp1252. Line ends become ``\\n``.
    """
    raw = Path(path).read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = raw.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, enc = raw.decode("cp1252", errors="replace"), "cp1252"
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


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


def read_corpus(paths: str | Path | Iterable[str | Path]) -> list[Document]:
    """Read ``.txt`` articles from files and folders, in id order.

    A folder's ``documents.csv`` gives each document's date and title; a
    document without a row still loads, with no date. Files that are not
    ``.txt`` inside a folder are ignored.

    >>> docs = read_corpus("seeds")
    >>> docs[0].id, docs[0].date
    ('000_9414ddc8d74dad59', '2019-02')
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, metas = _files(paths)
    meta: dict[str, dict[str, str | None]] = {}
    for m in metas:
        meta.update(read_documents_csv(m))
    docs: dict[str, Document] = {}
    for f in files:
        text, enc = read_text(f)
        if enc != "utf-8":
            warnings.warn(f"{f}: not UTF-8, read as {enc}", InputWarning, stacklevel=2)
        if f.stem in docs:
            raise InputError(f"{f}: duplicate document id {f.stem!r} (also {docs[f.stem].path})")
        row = meta.get(f.stem, {})
        docs[f.stem] = Document(f.stem, text, row.get("date"), row.get("title"), str(f))
    if not docs:
        raise InputError(f"{', '.join(str(p) for p in paths)}: no .txt documents found")
    return [docs[k] for k in sorted(docs)]
