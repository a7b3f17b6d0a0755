"""Decoding bytes from files of unknown encoding, the way German press exports arrive.

Order: a BOM (UTF-8/UTF-16/UTF-32) wins; then strict UTF-8 (unless the bytes are binary); then
"mostly UTF-8" (at least as many non-ASCII lines valid UTF-8 as not: an export pasted together
from several sources, whose legacy lines are decoded one by one with cp1252, see
:class:`LineDecoder`); then UTF-16 without BOM, recognised by its NUL bytes in every other
position; then the most plausible
of the Western single-byte encodings (cp1252, ISO-8859-15, cp1250, DOS cp850, Mac Roman), scored
by how German/Western the decoded characters look, with cp1252 (the German legacy default,
which also decodes Latin-1 text correctly) winning every tie. Binary junk (NUL bytes in a
non-UTF-16 file, many control characters) is refused with an :class:`InputError` naming the file.

charset-normalizer is deliberately not asked: on short German texts it guesses UTF-16 for a
cp1252 "Straße" and Mac/DOS code pages for cp1252 umlauts; a scorer that knows which characters
German text uses is both faster and right more often.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: single-byte candidates in order of preference (the first wins a tie)
SINGLE_BYTE_CANDIDATES = ("cp1252", "iso8859_15", "cp1250", "cp850", "mac_roman")
# non-ASCII characters German/Western text is made of (scored +2)
_GERMAN = frozenset("äöüÄÖÜß„“”‚‘’–—…€§°«»")
# typographic symbols that are plausible but prove nothing (scored 0); the letters ŠšŽžŒœŸ are
# here too: they are what ISO-8859-15 makes of Latin-1/cp1252 "¦¨´¸¼½¾", so they must not win
# Latin-9 a file whose "½" is really Latin-1 (Latin-9 wins only by its "€" at 0xA4)
_NEUTRAL = frozenset("©®™•×·¨´\u00a0½¼¾¢£¥ŠšŽžŒœŸ")
#: the legacy encoding a line that is not valid UTF-8 is read with in a UTF-8 file
LEGACY_FALLBACK = "cp1252"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    #: True when the bytes were not UTF-8 (the encoding was detected, not given).
    detected: bool
    #: 1-based lines of a mostly-UTF-8 text that were not valid UTF-8 and were read as
    #: :data:`LEGACY_FALLBACK` (mixed encodings in one file); empty when the text is uniform.
    repaired_lines: tuple[int, ...] = ()


def _latin1_for_undefined(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes a code page leaves undefined (cp1252 0x81, 0x8D …) become
    the Latin-1 character of the same number instead of aborting or vanishing."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("framing-latin1", _latin1_for_undefined)


def decode_utf8_with_fallback(raw: bytes, fallback: str = LEGACY_FALLBACK) -> tuple[str, int]:
    """Decode ``raw`` as UTF-8, reading each invalid byte with ``fallback`` instead.

    Returns the text and the number of bytes that needed the fallback (0: valid UTF-8). A line
    of cp1252 text comes back right ("Grüße"), and one stray byte in a UTF-8 line garbles only
    itself, not the umlauts around it.
    """
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    pos = n_bad = 0
    while pos < len(raw):
        try:
            parts.append(raw[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(raw[pos:pos + exc.start].decode("utf-8"))
            bad = raw[pos + exc.start:pos + exc.end]
            parts.append(bad.decode(fallback, errors="framing-latin1"))
            n_bad += len(bad)
            pos += exc.end
    return "".join(parts), n_bad


def utf8_line_votes(data: bytes, *, complete: bool = True) -> tuple[int, int]:
    """``(valid, invalid)``: lines with non-ASCII bytes that are / are not valid UTF-8.

    ``complete=False`` ignores the last line (a sample may cut it inside a character). A file
    whose valid lines are at least as many as its invalid ones is UTF-8 with a few lines in a
    legacy encoding (an export assembled from several sources), not a legacy file.
    """
    lines = data.split(b"\n")
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    good = bad = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return good, bad


def mostly_utf8(data: bytes, *, complete: bool = True) -> bool:
    """True when ``data`` is UTF-8 apart from some lines (see :func:`utf8_line_votes`)."""
    good, bad = utf8_line_votes(data, complete=complete)
    return good > 0 and good >= bad


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding: NULs or many C0 control bytes."""
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NULs sit in every other byte (Latin text), else None."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) <= 0.05 * len(other):
            return enc
    return None


def _plausibility(text: str) -> int:
    """How much ``text``'s non-ASCII characters look like German/Western text."""
    score = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in _GERMAN:
            score += 2
        elif ch in _NEUTRAL:
            continue
        elif unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            score += 1
        else:  # controls, U+FFFD, box drawing, Greek, math, superscripts, ¤ ...
            score -= 2
    return score


def _decode_single_byte(data: bytes) -> DecodedText:
    sample = data[:200_000]
    best: tuple[int, str] | None = None
    for enc in SINGLE_BYTE_CANDIDATES:
        try:
            score = _plausibility(sample.decode(enc))
        except UnicodeDecodeError:  # cp1252/cp1250 leave a few bytes undefined
            continue
        if best is None or score > best[0]:
            best = (score, enc)
    enc = best[1] if best is not None else "cp1252"
    return DecodedText(data.decode(enc, errors="replace"), enc, True)


def decode_bytes(data: bytes, *, path: str | Path | None = None,
                 encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces one. Raises :class:`InputError` for binary data."""
    if encoding is not None:
        try:
            if codecs.lookup(encoding).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]  # a forced UTF-8 still drops the mark
            return DecodedText(data.decode(encoding), encoding, False)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", path=path) from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(enc), enc.replace("-sig", ""), enc != "utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"broken {enc} text after byte-order mark: {exc}", path=path) from None
    binary = looks_binary(data)
    if not binary:
        try:
            return DecodedText(data.decode("utf-8"), "utf-8", False)
        except UnicodeDecodeError:
            pass
        if mostly_utf8(data):  # mixed: decode line by line, each bad line with the fallback
            lines, repaired = [], []
            for lineno, raw in enumerate(data.split(b"\n"), start=1):
                text, n_bad = decode_utf8_with_fallback(raw)
                lines.append(text)
                if n_bad:
                    repaired.append(lineno)
            return DecodedText("\n".join(lines), "utf-8", True, tuple(repaired))
        return _decode_single_byte(data)
    # NULs are valid UTF-8, so UTF-16 without BOM ("A\x00B\x00") must be tried before giving up
    enc = _utf16_without_bom(data)
    if enc is not None:
        even = len(data) - len(data) % 2
        text = None
        for end in (even, even - 2):  # a surrogate pair may be cut at the end of a sample
            try:
                text = data[:end].decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text:
            head = text[:2000]
            if sum(ch.isprintable() or ch.isspace() for ch in head) / len(head) > 0.95:
                return DecodedText(text, enc, True)
    raise InputError("binary data, not text (NUL or control bytes)", path=path)


def read_text(path: str | Path, encoding: str | None = None) -> DecodedText:
    """Read a whole text file with encoding detection; errors name the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    return decode_bytes(data, path=path, encoding=encoding)


def _head_bytes(path: Path, n_bytes: int) -> bytes:
    """The first ``n_bytes`` of a file; an unreadable file is an :class:`InputError` naming it."""
    try:
        with open(path, "rb") as fh:
            return fh.read(n_bytes)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None


def sniff_encoding(path: str | Path, n_bytes: int = 1_000_000) -> str:
    """Guess a file's encoding from its first ``n_bytes`` (for streaming readers).

    A UTF-8 byte-order mark gives ``"utf-8-sig"`` (so a reader opening the file with it drops
    the mark); UTF-16/32 with BOM give ``"utf-16"``/``"utf-32"``. Binary data raises
    :class:`InputError` naming the file.
    """
    path = Path(path)
    head = _head_bytes(path, n_bytes)
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    if len(head) == n_bytes and not looks_binary(head):
        # do not judge a multi-byte character cut at the end of the sample
        for cut in range(4):
            try:
                head[: n_bytes - cut].decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                continue
    if not looks_binary(head) and mostly_utf8(head, complete=len(head) < n_bytes):
        return "utf-8"  # UTF-8 with some lines in a legacy encoding: decode those per line
    return decode_bytes(head, path=path).encoding


@dataclass(frozen=True)
class StreamEncoding:
    """How a streaming reader should decode a file (see :func:`detect_stream_encoding`)."""

    #: codec for the text after the byte-order mark
    encoding: str
    #: bytes of byte-order mark to skip before decoding (UTF-16/32 codecs read their own)
    skip: int = 0
    #: a remark about the whole file worth reporting (e.g. a BOM that lies), or None
    note: str | None = None

    @property
    def line_by_line(self) -> bool:
        """True when the file can be split into lines as bytes (ASCII-compatible encodings)."""
        name = codecs.lookup(self.encoding).name
        return not name.startswith(("utf-16", "utf-32")) and "\n".encode(name) == b"\n"


def detect_stream_encoding(path: str | Path, n_bytes: int = 1_000_000) -> StreamEncoding:
    """The encoding of a file to be read line by line, from its first ``n_bytes``.

    Like :func:`sniff_encoding`, but a UTF-8 byte-order mark in front of legacy text (written
    by tools that prepend a BOM to a cp1252 export) gives the legacy encoding and a note
    instead of failing on every umlaut. UTF-8 files with a few legacy lines give ``"utf-8"``;
    :class:`LineDecoder` repairs those lines one by one.
    """
    path = Path(path)
    head = _head_bytes(path, n_bytes)
    if head.startswith(codecs.BOM_UTF8):
        rest = head[len(codecs.BOM_UTF8):]
        good, bad = utf8_line_votes(rest, complete=len(head) < n_bytes)
        if bad > good and not looks_binary(rest):
            enc = _decode_single_byte(rest).encoding
            return StreamEncoding(enc, len(codecs.BOM_UTF8),
                                  f"the file starts with a UTF-8 byte-order mark but its text is "
                                  f"{enc}; read as {enc}")
        return StreamEncoding("utf-8", len(codecs.BOM_UTF8))
    nuls = head.count(0)
    if nuls and nuls <= 0.01 * len(head) and _utf16_without_bom(head) is None:
        # a few stray NUL bytes in a text export: judge the text around them (the reader
        # removes them line by line and reports it)
        head = head.replace(b"\x00", b"")
        for bom, enc in _BOMS:
            if head.startswith(bom):
                return StreamEncoding(enc, 0)
        complete = len(head) + nuls < n_bytes
        try:
            head.decode("utf-8") if complete else head[:-4].decode("utf-8", errors="strict")
            return StreamEncoding("utf-8", 0)
        except UnicodeDecodeError:
            pass
        if mostly_utf8(head, complete=complete):
            return StreamEncoding("utf-8", 0)
        return StreamEncoding(decode_bytes(head, path=path).encoding, 0)
    enc = sniff_encoding(path, n_bytes)
    return StreamEncoding(enc, 0)


class LineDecoder:
    """Decodes a file one line of bytes at a time, so that one line in another encoding is
    repaired on its own instead of garbling (or aborting) the whole file.

    ``decode`` returns the text and a note when the line needed a repair: in a UTF-8 file, a
    line that is not valid UTF-8 is read with :data:`LEGACY_FALLBACK` byte by byte; in a legacy
    file (cp1252 …), a line that is valid UTF-8 with non-ASCII characters is read as UTF-8. With
    ``strict=True`` (an encoding the user gave) bad bytes are replaced by U+FFFD and noted.
    """

    def __init__(self, encoding: str, *, strict: bool = False) -> None:
        self.encoding = codecs.lookup(encoding).name
        self.strict = strict
        self._utf8 = self.encoding == "utf-8"

    def decode(self, raw: bytes) -> tuple[str, str | None]:
        if raw.isascii():
            return raw.decode("ascii"), None
        if self.strict:
            try:
                return raw.decode(self.encoding), None
            except UnicodeDecodeError:
                text = raw.decode(self.encoding, errors="replace")
                return text, f"bytes not valid {self.encoding} replaced by U+FFFD"
        if self._utf8:
            text, n_bad = decode_utf8_with_fallback(raw)
            if n_bad:
                return text, f"{n_bad} byte(s) not valid UTF-8, read as {LEGACY_FALLBACK}"
            return text, None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode(self.encoding, errors="framing-latin1"), None
        return text, f"valid UTF-8 in a {self.encoding} file, read as UTF-8"
