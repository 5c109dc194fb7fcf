"""Bytes -> text for one page file, with clear one-line reasons when a file is not a page.

Order of decisions (why: each later step is only trustworthy once the earlier ones
have ruled out what would fool it):

1. a byte-order mark says the encoding (UTF-8, UTF-16, UTF-32);
2. known binary formats (PDF, PNG, ...) and NUL bytes are refused: they are not text;
3. strict UTF-8; if it fails but most of the file *is* UTF-8, report the byte offset
   of the damage instead of silently guessing another encoding;
4. otherwise charset-normalizer chooses between GB18030 and Big5 only (a plain GB18030
   fallback would decode Big5 bytes "successfully" into garbage).

Plain functions, no typer/rich: usable from the library, the batch workers and tests.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: A page's text is 10-100 KB; anything far larger is not one page (and would cost
#: memory in every worker), so it is refused unless the limit is raised.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024

#: Encodings charset-normalizer may choose from when strict UTF-8 fails.
DETECT_CANDIDATES = ("gb18030", "big5")

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


_MAGIC = (
    (b"%PDF-", "is a PDF, not text; read it with xcparse.extract_pdf (xcparse extract reads PDF files)"),
    (b"\x89PNG\r\n\x1a\n", "is a PNG image, not text"),
    (b"\xff\xd8\xff", "is a JPEG image, not text"),
    (b"GIF87a", "is a GIF image, not text"),
    (b"GIF89a", "is a GIF image, not text"),
    (b"II*\x00", "is a TIFF image, not text"),
    (b"MM\x00*", "is a TIFF image, not text"),
    (b"PK\x03\x04", "is a ZIP archive (or .docx/.xlsx), not text"),
    (b"\x1f\x8b", "is gzip-compressed, not text; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "is a 7-Zip archive, not text"),
    (b"Rar!\x1a\x07", "is a RAR archive, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Office document (.doc/.xls), not text"),
    (b"{\\rtf", "is an RTF document, not plain text; save it as plain text first"),
)


class InputError(Exception):
    """A file that cannot be read as a page; ``str(e)`` is a one-line reason."""


@dataclass
class DecodedPage:
    text: str
    encoding: str


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a page file, refusing directories, missing files and files over the limit."""
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise InputError("is a folder with no .txt files")
        if size > max_bytes:
            raise InputError(_too_large(size, max_bytes))
        with open(path, "rb") as handle:
            return _read_bounded(handle, max_bytes)
    except FileNotFoundError:
        raise InputError("no such file or folder") from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file") from None
    except IsADirectoryError:
        raise InputError("is a folder with no .txt files") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from None


def read_stream(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read standard input (or any binary stream) up to the size limit."""
    return _read_bounded(stream, max_bytes)


def _read_bounded(handle: BinaryIO, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; one byte more means the input is too large."""
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_large(None, max_bytes))
    return data


def _too_large(size: int | None, max_bytes: int) -> str:
    what = f"is {size / 2**20:.1f} MB" if size is not None else "is larger than the limit"
    return (f"{what}; one page's text is usually under 100 KB, the limit is "
            f"{max_bytes / 2**20:g} MB (raise it with --max-size)")


def decode(data: bytes, encoding: str | None = None, errors: str = "strict") -> DecodedPage:
    """Decode the bytes of one page; ``encoding`` overrides detection.

    Raises :class:`InputError` with a one-line reason when the bytes are not a page.
    """
    if encoding:
        text, used = _decode_as(data, encoding, errors), _canonical(encoding)
    else:
        text, used = _detect_and_decode(data, errors)
    _check_text(text)
    return DecodedPage(text=text, encoding=used)


def _decode_as(data: bytes, encoding: str, errors: str) -> str:
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if encoding.replace("_", "-").lower() in ("utf-8", "utf8") and data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        raise InputError(f"is not valid {encoding}: undecodable byte at offset {exc.start} "
                         "(pass --errors replace to decode it anyway)") from None


def _detect_and_decode(data: bytes, errors: str) -> tuple[str, str]:
    if not data:
        raise InputError("is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name, errors), "utf-8" if name == "utf-8-sig" else name
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {name.upper()} byte-order mark but is not valid "
                                 f"{name.upper()}: undecodable byte at offset {exc.start}") from None
    head = data[:16]
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            raise InputError(reason)
    if data[:1024].lstrip().startswith(b"%PDF-"):  # a PDF after blank lines, as some tools write
        raise InputError(_MAGIC[0][1])
    bom_less = _utf16_without_bom(data)
    if bom_less:
        raise InputError(f"looks like {bom_less.upper()} without a byte-order mark; "
                         f"pass --encoding {bom_less}")
    if _looks_binary(data):
        raise InputError("looks like binary data, not a page's text (many control bytes)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"contains NUL bytes (first at byte offset {nul}), which a page's "
                         "text never has")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _mostly_utf8(data):
        if errors != "strict":
            return data.decode("utf-8", errors), "utf-8"
        raise InputError(f"invalid UTF-8 at byte offset {first_bad} in a file that is otherwise "
                         "UTF-8; repair it, or pass --errors replace to decode it anyway")
    return _detect_cjk(data, errors)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x00")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes read as mostly CJK or printable text that way."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:4096].decode(name)
        except UnicodeDecodeError:
            continue
        plausible = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t"
                        ) - text.count("\x00")
        if plausible >= 0.95 * len(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes (other than NUL, white space) in the first 4 KB: not text."""
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(4, len(sample) // 50)


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 characters far outnumber the invalid bytes.

    GB18030 or Big5 text read as UTF-8 fails within a character or two, so it has
    almost no valid multi-byte sequences; a UTF-8 file with a damaged spot has many.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= 16 and good >= 20 * bad


def _detect_cjk(data: bytes, errors: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECT_CANDIDATES)).best()
    if best is None:
        raise InputError("cannot be decoded as UTF-8, UTF-16, GB18030 or Big5; if it is text, "
                         "name its encoding with --encoding")
    name = _canonical(best.encoding)
    return data.decode(name, errors), name


def _canonical(encoding: str) -> str:
    """A stable, lower-case Python codec name for the page object (``utf_8`` -> ``utf-8``)."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()
    return {"utf-8-sig": "utf-8"}.get(name, name)


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str) -> None:
    """Refuse decoded text with no content, or that is mostly control characters."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("is empty" if not text else "contains no text (only white space)")
    sample = text[:4096]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > max(8, len(sample) // 20):
        raise InputError("looks like binary data, not a page's text (many control characters)")


def path_text(path: str) -> str:
    """A path as it is shown and recorded (``source``, messages, output names).

    On POSIX a file name is bytes; Python hands a name that is not valid UTF-8 over
    with its bad bytes as lone surrogates, which no UTF-8 output can hold. Each such
    part of the path is decoded as GB18030 (a GBK name unpacked from a Windows
    archive) where that decodes, otherwise its bad bytes become ``\\xNN`` escapes.
    Names that are valid UTF-8 come back unchanged.

    >>> path_text(os.fsdecode("新闻/城北日报.txt".encode("gbk")))
    '新闻/城北日报.txt'
    >>> path_text(os.fsdecode(b"p\\xff1.txt"))
    'p\\\\xff1.txt'
    """
    if _is_utf8(path):
        return path
    separators = re.escape(os.sep + (os.altsep or ""))
    return "".join(part if index % 2 else name_text(part)
                   for index, part in enumerate(re.split(f"([{separators}])", path)))


def name_text(name: str) -> str:
    """One file or folder name as text (see :func:`path_text`)."""
    if _is_utf8(name):
        return name
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def decode_file(path: Path, encoding: str | None = None, errors: str = "strict",
                max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedPage:
    """Read and decode one page file."""
    return decode(read_bytes(path, max_bytes), encoding, errors)


def decode_stdin(encoding: str | None = None, errors: str = "strict",
                 max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedPage:
    """Read and decode one page from standard input."""
    return decode(read_stream(sys.stdin.buffer, max_bytes), encoding, errors)
