"""Encoding detection for German press exports: BOMs, UTF-8, legacy code pages, binary junk."""
from __future__ import annotations

import codecs

import pytest

from framing.corpus.encoding import (
    DecodedText,
    decode_bytes,
    looks_binary,
    read_text,
    sniff_encoding,
)
from framing.errors import InputError

GERMAN = "für Flüchtlinge „Willkommen“ – 5 €"
LONG = ("Die Stadt Altena hat mehr Geflüchtete aufgenommen, als ihr zugewiesen wurden. "
        "Der Bürgermeister sprach von einer Chance gegen Leerstand und Fachkräftemangel; "
        "im Essener Norden ist dagegen von Überforderung die Rede. Straße, Öl, Ärger, Süß.\n")


def test_utf8():
    decoded = decode_bytes(GERMAN.encode("utf-8"))
    assert decoded == DecodedText(GERMAN, "utf-8", False)


def test_utf8_with_bom_drops_the_mark():
    decoded = decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert decoded.text == GERMAN
    assert decoded.encoding == "utf-8"
    assert not decoded.detected


def test_forced_utf8_drops_the_mark_too():
    assert decode_bytes(codecs.BOM_UTF8 + b"abc", encoding="utf-8").text == "abc"


def test_cp1252_quotes_dash_and_euro():
    decoded = decode_bytes(GERMAN.encode("cp1252"))
    assert decoded.text == GERMAN
    assert decoded.encoding == "cp1252"
    assert decoded.detected


@pytest.mark.parametrize("text", ["Straße", "Öl", "Süß", LONG])
def test_short_and_long_cp1252(text):
    # charset-normalizer guessed UTF-16 for a cp1252 "Straße": the German scorer must not
    assert decode_bytes(text.encode("cp1252")).text == text


def test_latin1():
    text = "Größe, Übergänge, Äpfel, Öl, ß - naïve café"  # latin-1 has no „“–€
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.detected


def test_iso8859_15_euro():
    text = "Kosten: 5 € für Flüchtlinge"
    assert decode_bytes(text.encode("iso8859_15")).text == text


@pytest.mark.parametrize("enc", ["cp850", "mac_roman"])
def test_dos_and_mac_code_pages(enc):
    assert decode_bytes(LONG.replace("–", "-").encode(enc)).text == LONG.replace("–", "-")


@pytest.mark.parametrize("enc, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom(enc, bom):
    decoded = decode_bytes(bom + GERMAN.encode(enc))
    assert decoded.text == GERMAN
    assert decoded.encoding == "utf-16"
    assert decoded.detected


def test_utf32_with_bom():
    assert decode_bytes(GERMAN.encode("utf-32")).text == GERMAN


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(enc):
    # ASCII-range UTF-16 is valid UTF-8 (NULs are): it must not come back with NULs in it
    decoded = decode_bytes(LONG.encode(enc))
    assert decoded.text == LONG
    assert decoded.encoding == enc


def test_empty_bytes():
    decoded = decode_bytes(b"")
    assert decoded.text == ""
    assert not looks_binary(b"")


def test_binary_junk_raises_naming_the_file(tmp_path):
    junk = bytes(range(256)) * 40
    path = tmp_path / "scan.txt"
    path.write_bytes(junk)
    with pytest.raises(InputError) as err:
        read_text(path)
    assert str(path) in str(err.value)
    assert "binary" in str(err.value)
    with pytest.raises(InputError, match="binary"):
        decode_bytes(junk, path=path)


@pytest.mark.parametrize("junk", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
    b"\x00\x01\x02\x03" * 50,      # valid UTF-8, still binary
    b"A\x00" + bytes(range(1, 256)) * 4,
])
def test_binary_formats_refused(junk):
    assert looks_binary(junk)
    with pytest.raises(InputError):
        decode_bytes(junk, path="x.bin")


def test_read_text_missing_file_names_it(tmp_path):
    with pytest.raises(InputError) as err:
        read_text(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_read_text_and_forced_encoding(tmp_path):
    path = tmp_path / "artikel.txt"
    path.write_bytes(GERMAN.encode("cp1252"))
    assert read_text(path).text == GERMAN
    assert read_text(path, encoding="cp1252") == DecodedText(GERMAN, "cp1252", False)
    with pytest.raises(InputError) as err:
        read_text(path, encoding="utf-8")
    assert "artikel.txt" in str(err.value)
    with pytest.raises(InputError):
        read_text(path, encoding="no-such-codec")


def test_read_text_empty_file(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(b"")
    assert read_text(path).text == ""


@pytest.mark.parametrize("data, expected", [
    (LONG.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + LONG.encode("utf-8"), "utf-8-sig"),
    (LONG.encode("utf-16"), "utf-16"),
    (LONG.encode("cp1252"), "cp1252"),
    (LONG.encode("utf-16-le"), "utf-16-le"),
])
def test_sniff_encoding(tmp_path, data, expected):
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    assert sniff_encoding(path) == expected


def test_sniff_encoding_does_not_judge_a_cut_character(tmp_path):
    path = tmp_path / "big.txt"
    data = ("ü" * 10).encode("utf-8")
    path.write_bytes(data)
    assert sniff_encoding(path, n_bytes=5) == "utf-8"  # 5 bytes end inside a 2-byte "ü"


def test_sniff_encoding_binary_raises(tmp_path):
    path = tmp_path / "bild.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError) as err:
        sniff_encoding(path)
    assert "bild.txt" in str(err.value)
