"""Streaming record sources: paths in, one item per record out, never a whole dump in memory.

In: paths (files, directories walked recursively, .zip / .tar / .tar.gz archives, NDJSON and
JSON exports of notices, CSV exports with a header row, WARC files of crawled pages).
Out: an iterator of items, each one of
  - `RawPage`      a page (text dump, HTML detail or listing: ingest.pages detects which),
  - `Notice`       a ready record from an NDJSON / JSON / CSV export, validated,
  - `Quarantined`  a record that cannot go on, with its location, stage and reason,
  - `Ignored`      something that is not a record (a WARC request record, an image).

Safety: archive members with absolute paths, `..`, links or devices make the whole archive
refused before anything in it is read; per-file, per-line and per-archive size caps stop zip
bombs (a zip's sizes come from its central directory, a tar's headers are read in a first
pass). Nested archives are refused. Nothing is ever extracted to disk.

Locations name where a record is: `dump.zip!pages/a.html`, `export.ndjson:12` (line),
`export.csv:5` (row, header is row 1). They are relative to the parent of the path given, so
the same dump loaded from another directory gives the same notice ids.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from pydantic import BaseModel, ValidationError

from ingest.models import RawPage
from search.dates import parse_date
from search.errors import NormaliseError
from search.models import Notice, Status, notice_id
from search.vocabulary import vocabulary

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
WARC_SUFFIXES = (".warc", ".warc.gz")
# Cells of a CSV export that hold JSON (lists and objects have no flat CSV form).
JSON_COLUMNS = ("attachments", "references", "extra")
DATE_FIELDS = ("issued_date", "effective_date", "expiry_date")


class Limits(BaseModel):
    """Size caps. A page bigger than max_file_bytes is refused unread; an archive whose
    members add up to more than max_archive_bytes (uncompressed) is refused as a whole."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_line_bytes: int = 20 * 1024 * 1024
    max_archive_bytes: int = 2 * 1024 * 1024 * 1024
    max_members: int = 200_000


class Quarantined(BaseModel):
    """A record that will not be indexed: where it is, which stage refused it, and why.
    `raw` keeps the input itself when it is text and small; otherwise the location suffices."""

    source: str
    stage: str
    reason: str
    detail: str = ""
    raw: str | None = None


class Ignored(BaseModel):
    """Something read that is not a record (a WARC request, an image response): counted apart."""

    source: str
    reason: str


Item = RawPage | Notice | Quarantined | Ignored
Opener = Callable[[], IO[bytes]]
RAW_KEEP_CHARS = 100_000


def keep_raw(data: bytes | str) -> str | None:
    """The raw input for the quarantine file when it is small UTF-8 text, else None."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return data if len(data) <= RAW_KEEP_CHARS else None


def iter_items(paths: Iterable[str | Path], limits: Limits | None = None) -> Iterator[Item]:
    """Every item under paths, in a stable order (directories sorted by name)."""
    limits = limits or Limits()
    for given in paths:
        path = Path(given)
        base = path.resolve().parent
        if not path.exists():
            yield Quarantined(source=str(given), stage="read", reason="missing_path", detail="no such file")
        elif path.is_dir():
            for file in _walk(path):
                yield from _file_items(file, _location(file, base), limits)
        else:
            yield from _file_items(path, _location(path, base), limits)


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            yield Path(directory) / name


def _location(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _file_items(path: Path, location: str, limits: Limits) -> Iterator[Item]:
    """Items of one file on disk: archives open here, everything else goes by name, or by its
    first bytes when the name says nothing (a dump saved as `export` or `crawl.dat`)."""
    try:
        kind = _known_kind(path.name) or sniff_kind(path)
        if kind == ".zip":
            yield from _zip_items(path, location, limits)
        elif kind in (".tar", ".tar.gz", ".tgz"):
            yield from _tar_items(path, location, limits)
        else:
            opener: Opener = lambda: open(path, "rb")  # noqa: E731
            yield from _stream_items(location, opener, path.stat().st_size, limits, kind)
    except OSError as error:
        yield Quarantined(source=location, stage="read", reason="unreadable_file", detail=str(error))


KNOWN_SUFFIXES = (
    *ARCHIVE_SUFFIXES,
    *NDJSON_SUFFIXES,
    *WARC_SUFFIXES,
    ".csv",
    ".json",
    ".gz",
    ".html",
    ".htm",
    ".txt",
    ".xhtml",
)


def _known_kind(name: str) -> str | None:
    """The suffix that decides how a file is read, when its name has one we know."""
    lower = name.lower()
    return next((s for s in sorted(KNOWN_SUFFIXES, key=len, reverse=True) if lower.endswith(s)), None)


def sniff_kind(path: Path) -> str | None:
    """The kind a nameless file's first bytes show: zip, gzip'd tar or WARC, WARC, NDJSON/JSON;
    None for anything else (then it is a page, and the parse stage detects which kind)."""
    with open(path, "rb") as stream:
        head = stream.read(512)
    if head.startswith(b"PK\x03\x04"):
        return ".zip"
    if head.startswith(b"WARC/"):
        return ".warc"
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as inner:
            start = inner.read(512)
        return (
            ".warc.gz" if start.startswith(b"WARC/") else ".tar.gz" if start[257:262] == b"ustar" else ".gz"
        )
    if len(head) > 262 and head[257:262] == b"ustar":
        return ".tar"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return ".json"
    if text.startswith(b"{"):
        return ".ndjson" if b"\n{" in text or text.rstrip().endswith(b"}") else ".json"
    return None


def _stream_items(
    location: str, opener: Opener, size: int, limits: Limits, kind: str | None = None
) -> Iterator[Item]:
    """Items of one file or archive member, by its name's suffix (or the kind sniffed)."""
    kind = kind or _known_kind(location) or ""
    if kind == ".gz":
        # A gzipped single file (export.ndjson.gz): read through gzip, kind from the inner name.
        inner = _known_kind(location[:-3])
        yield from _stream_items(location, partial(_gunzip, opener), 0, limits, inner or ".page")
    elif kind in ARCHIVE_SUFFIXES:
        yield Quarantined(
            source=location,
            stage="read",
            reason="nested_archive",
            detail="archives inside archives are not opened",
        )
    elif kind in NDJSON_SUFFIXES:
        yield from _ndjson_items(location, opener, limits)
    elif kind == ".csv":
        yield from _csv_items(location, opener)
    elif kind in WARC_SUFFIXES:
        yield from _warc_items(location, opener, limits)
    elif size > limits.max_file_bytes:
        yield Quarantined(
            source=location,
            stage="read",
            reason="file_too_large",
            detail=f"{size} bytes, cap {limits.max_file_bytes}",
        )
    elif kind == ".json":
        with opener() as stream:
            yield from _json_items(location, stream.read(limits.max_file_bytes + 1))
    else:
        with opener() as stream:
            data = stream.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            yield Quarantined(
                source=location,
                stage="read",
                reason="file_too_large",
                detail=f"more than {limits.max_file_bytes} bytes",
            )
        else:
            yield RawPage(source=location, data=data)


# --- archives ------------------------------------------------------------------------------


def unsafe_member(name: str) -> str | None:
    """Why an archive member name is unsafe (absolute, drive letter, `..`), or None."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return f"absolute member path {name!r}"
    if ".." in PurePosixPath(posix).parts:
        return f"member path escapes the archive {name!r}"
    return None


def _refuse(location: str, reason: str, detail: str) -> Quarantined:
    return Quarantined(source=location, stage="read", reason=reason, detail=detail)


def _zip_items(path: Path, location: str, limits: Limits) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        yield _refuse(location, "bad_archive", str(error))
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        problem = _zip_problem(members, limits)
        if problem:
            yield _refuse(location, *problem)
            return
        for member in members:
            inner = f"{location}!{member.filename}"
            try:
                yield from _stream_items(inner, partial(archive.open, member), member.file_size, limits)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as error:
                yield _refuse(inner, "bad_archive_member", str(error))


def _zip_problem(members: list[zipfile.ZipInfo], limits: Limits) -> tuple[str, str] | None:
    """Refuse the whole archive before reading a byte of it: names, counts, declared sizes.

    zipfile stops reading a member at its declared size, so declared sizes bound what is
    read even when the compressed data would inflate further."""
    for member in members:
        why = unsafe_member(member.filename)
        if why:
            return "unsafe_archive", why
        if (member.external_attr >> 16) & 0o170000 == 0o120000:
            return "unsafe_archive", f"symbolic link member {member.filename!r}"
    if len(members) > limits.max_members:
        return "archive_too_large", f"{len(members)} members, cap {limits.max_members}"
    total = sum(m.file_size for m in members)
    if total > limits.max_archive_bytes:
        return "archive_too_large", f"{total} bytes uncompressed, cap {limits.max_archive_bytes}"
    return None


def _tar_items(path: Path, location: str, limits: Limits) -> Iterator[Item]:
    try:
        problem = _tar_problem(path, limits)
    except (tarfile.TarError, EOFError, OSError) as error:
        yield _refuse(location, "bad_archive", str(error))
        return
    if problem:
        yield _refuse(location, *problem)
        return
    try:
        # Stream mode ("r|*"): members in order, no seeking, one member in memory at a time.
        with tarfile.open(path, "r|*") as archive:
            for member in archive:
                if member.isfile():
                    inner = f"{location}!{member.name}"
                    stream = archive.extractfile(member)
                    if stream is not None:
                        opener = partial(_member_stream, stream)
                        yield from _stream_items(inner, opener, member.size, limits)
    except (tarfile.TarError, EOFError) as error:
        yield _refuse(location, "bad_archive", str(error))


def _tar_problem(path: Path, limits: Limits) -> tuple[str, str] | None:
    """A first pass over the tar headers (no member is read) to refuse unsafe archives whole."""
    total = count = 0
    with tarfile.open(path, "r|*") as archive:
        for member in archive:
            why = unsafe_member(member.name)
            if why:
                return "unsafe_archive", why
            if member.issym() or member.islnk() or member.isdev() or member.isfifo():
                return "unsafe_archive", f"link or device member {member.name!r}"
            total += member.size
            count += 1
            if total > limits.max_archive_bytes or count > limits.max_members:
                return (
                    "archive_too_large",
                    f"over {limits.max_archive_bytes} bytes or {limits.max_members} members",
                )
    return None


def _gunzip(opener: Opener) -> IO[bytes]:
    return cast(IO[bytes], gzip.GzipFile(fileobj=opener()))


def _member_stream(stream: IO[bytes]) -> IO[bytes]:
    return cast(IO[bytes], io.BufferedReader(_Unclosable(stream)))


class _Unclosable(io.RawIOBase):
    """A tar member stream whose close() leaves the archive's stream alone."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- exports of notices -------------------------------------------------------------------


def notice_from_record(record: Any, location: str) -> Notice:
    """A Notice from one exported record; id and source default to the record's location."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    record = {"source": location, **record}
    record.setdefault("id", notice_id(location))
    return Notice.model_validate(record)


def _record_item(record: Any, location: str, raw: bytes | str) -> Notice | Quarantined:
    try:
        return notice_from_record(record, location)
    except (ValidationError, ValueError) as error:
        detail = str(error).splitlines()[0] if not isinstance(error, ValidationError) else _first_error(error)
        return Quarantined(
            source=location, stage="validate", reason="invalid_record", detail=detail, raw=keep_raw(raw)
        )


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{error.error_count()} invalid field(s), first {where}: {first['msg']}"


def _ndjson_items(location: str, opener: Opener, limits: Limits) -> Iterator[Item]:
    with opener() as stream:
        number = 0
        while True:
            line = stream.readline(limits.max_line_bytes + 1)
            if not line:
                return
            number += 1
            here = f"{location}:{number}"
            if len(line) > limits.max_line_bytes and not line.endswith(b"\n"):
                yield Quarantined(
                    source=here,
                    stage="read",
                    reason="line_too_large",
                    detail=f"over {limits.max_line_bytes} bytes",
                )
                while line and not line.endswith(b"\n"):  # skip the rest of that line
                    line = stream.readline(limits.max_line_bytes)
                continue
            if not line.strip():
                continue
            yield _json_line_item(line, here)


def _json_line_item(line: bytes, location: str) -> Item:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Quarantined(source=location, stage="decode", reason="undecodable", detail=str(error))
    except json.JSONDecodeError as error:
        return Quarantined(
            source=location, stage="read", reason="invalid_json", detail=str(error), raw=keep_raw(line)
        )
    return _record_item(record, location, line)


def _json_items(location: str, data: bytes) -> Iterator[Item]:
    """A .json file: one notice object, or a list of them (then located by index)."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        yield Quarantined(source=location, stage="decode", reason="undecodable", detail=str(error))
        return
    except json.JSONDecodeError as error:
        yield Quarantined(
            source=location, stage="read", reason="invalid_json", detail=str(error), raw=keep_raw(data)
        )
        return
    if isinstance(value, list):
        for position, record in enumerate(value, start=1):
            yield _record_item(record, f"{location}:{position}", json.dumps(record, ensure_ascii=False))
    else:
        yield _record_item(value, location, data)


def _csv_items(location: str, opener: Opener) -> Iterator[Item]:
    """Rows of a CSV export: the header names Notice fields; unknown columns go to `extra`."""
    with opener() as raw_stream:
        text = io.TextIOWrapper(raw_stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        row_number = 1
        try:
            header = next(reader, None)
            if header is None:
                yield Quarantined(source=location, stage="read", reason="empty_file", detail="no header row")
                return
            for row_number, row in enumerate(reader, start=2):
                yield _csv_row_item(header, row, f"{location}:{row_number}")
        except UnicodeDecodeError as error:
            yield Quarantined(
                source=f"{location}:{row_number + 1}",
                stage="decode",
                reason="undecodable",
                detail=f"{error}; the rest of the file was not read",
            )
        except csv.Error as error:
            yield Quarantined(
                source=f"{location}:{row_number + 1}",
                stage="read",
                reason="invalid_csv",
                detail=f"{error}; the rest of the file was not read",
            )


def _csv_row_item(header: list[str], row: list[str], location: str) -> Item:
    raw = ",".join(row)
    if len(row) != len(header):
        return Quarantined(
            source=location,
            stage="read",
            reason="invalid_csv",
            raw=raw,
            detail=f"{len(row)} cells for {len(header)} columns",
        )
    record: dict[str, Any] = {}
    extra: dict[str, str] = {}
    try:
        for column, cell in zip(header, row, strict=True):
            field = _csv_field(column)
            if field is None:
                if cell.strip():
                    extra[column.strip()] = cell.strip()
            elif cell.strip():
                record[field] = _csv_value(field, cell.strip())
                if field == "status" and cell.strip() not in Status.__members__:
                    record.setdefault("status_text", cell.strip())
    except (json.JSONDecodeError, NormaliseError) as error:
        return Quarantined(
            source=location, stage="validate", reason=_csv_reason(error), raw=raw, detail=str(error)
        )
    if extra:
        record["extra"] = {**record.get("extra", {}), **extra}
    return _record_item(record, location, raw)


def _csv_field(header: str) -> str | None:
    """The Notice field a CSV column holds: its JSON name, or a label the vocabulary knows
    ("Số ký hiệu", "Ngày ban hành": exports made by hand use the portal's headers)."""
    name = header.strip()
    if name in Notice.model_fields:
        return name
    field = vocabulary().column_for_header(name)
    return field if field in Notice.model_fields else None


def _csv_value(field: str, cell: str) -> Any:
    """A cell's value for the Notice: JSON for lists and objects, dates in any portal format
    (search.dates), a status wording through the vocabulary (its words kept in status_text)."""
    if field in JSON_COLUMNS:
        return json.loads(cell)
    if field in DATE_FIELDS:
        return parse_date(cell, field)
    if field == "status" and cell not in Status.__members__:
        return vocabulary().status_for(cell).value
    return cell


def _csv_reason(error: Exception) -> str:
    return "invalid_json_cell" if isinstance(error, json.JSONDecodeError) else "invalid_date"


# --- WARC -----------------------------------------------------------------------------------


def _warc_items(location: str, opener: Opener, limits: Limits) -> Iterator[Item]:
    """Response records of HTML or text pages become RawPages sourced at their target URI."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with opener() as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                yield _warc_record_item(record, f"{location}#{number}", limits)
        except ArchiveLoadFailed as error:
            yield Quarantined(source=location, stage="read", reason="bad_warc", detail=str(error).strip())


def _warc_record_item(record: Any, location: str, limits: Limits) -> Item:
    uri = record.rec_headers.get_header("WARC-Target-URI") or location
    if record.rec_type != "response":
        return Ignored(source=location, reason=f"warc_{record.rec_type}")
    content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    if not content_type.lower().startswith(("text/html", "text/plain", "application/xhtml")):
        return Ignored(source=uri, reason="warc_not_a_page")
    data = record.content_stream().read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        return Quarantined(
            source=uri,
            stage="read",
            reason="file_too_large",
            detail=f"WARC response over {limits.max_file_bytes} bytes",
        )
    return RawPage(source=uri, data=data, declared_charset=_charset(content_type))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            name = value.strip("\"' ")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return name
    return None
