"""Decoding bytes from files of unknown encoding, the way German press exports arrive.

Order: a BOM (UTF-8/UTF-16/UTF-32) wins; then strict UTF-8 (unless the bytes are binary); then
UTF-16 without BOM, recognised by its NUL bytes in every other position; then the most plausible
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
# typographic symbols that are plausible but prove nothing (scored 0)
_NEUTRAL = frozenset("©®™•×·¨´\u00a0½¼¾¢£¥")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    #: True when the bytes were not UTF-8 (the encoding was detected, not given).
    detected: bool


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


def sniff_encoding(path: str | Path, n_bytes: int = 1_000_000) -> str:
    """Guess a file's encoding from its first ``n_bytes`` (for streaming readers).

    A UTF-8 byte-order mark gives ``"utf-8-sig"`` (so a reader opening the file with it drops
    the mark); UTF-16/32 with BOM give ``"utf-16"``/``"utf-32"``. Binary data raises
    :class:`InputError` naming the file.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(n_bytes)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
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
    return decode_bytes(head, path=path).encoding
