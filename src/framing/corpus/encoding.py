"""Decoding bytes from files of unknown encoding, the way German press exports arrive.

Order: a BOM (UTF-8/UTF-16/UTF-32) wins; then strict UTF-8; then charset-normalizer's guess,
accepted only for a known single-byte Western/European or UTF-16 encoding; then cp1252, which
decodes any byte (the German legacy default). Binary junk (NUL bytes in a non-UTF-16 file, many
control characters) is refused with an :class:`InputError` naming the file.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_ACCEPTED_GUESSES = {"cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman", "iso8859_2", "cp1250",
                     "utf_16", "utf_16_le", "utf_16_be"}


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


def decode_bytes(data: bytes, *, path: str | Path | None = None,
                 encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces one. Raises :class:`InputError` for binary data."""
    if encoding is not None:
        try:
            return DecodedText(data.decode(encoding), encoding, False)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", path=path) from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(enc), enc.replace("-sig", ""), enc != "utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"broken {enc} text after byte-order mark: {exc}", path=path) from None
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        # UTF-16 without BOM has NULs in every other byte for Latin text
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if text and sum(ch.isprintable() or ch.isspace() for ch in text[:2000]) / len(text[:2000]) > 0.95:
                return DecodedText(text, enc, True)
        raise InputError("binary data, not text (NUL or control bytes)", path=path)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # charset-normalizer is a heuristic; never let it crash a read
        best = None
    if best is not None and best.encoding in _ACCEPTED_GUESSES:
        try:
            return DecodedText(data.decode(best.encoding), best.encoding, True)
        except UnicodeDecodeError:
            pass
    return DecodedText(data.decode("cp1252", errors="replace"), "cp1252", True)


def read_text(path: str | Path, encoding: str | None = None) -> DecodedText:
    """Read a whole text file with encoding detection; errors name the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if looks_binary(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not (data[:2].count(b"\x00") == 1):  # allow BOM-less UTF-16, decided in decode_bytes
            raise InputError("binary data, not text (NUL or control bytes)", path=path)
    return decode_bytes(data, path=path, encoding=encoding)


def sniff_encoding(path: str | Path, n_bytes: int = 1_000_000) -> str:
    """Guess a file's encoding from its first ``n_bytes`` (for streaming readers)."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(n_bytes)
    if len(head) == n_bytes:
        # do not judge a multi-byte character cut at the end of the sample
        for cut in range(4):
            try:
                head[: n_bytes - cut].decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                continue
    decoded = decode_bytes(head, path=path)
    return decoded.encoding if decoded.encoding != "utf-8" else "utf-8"
