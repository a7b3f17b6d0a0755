"""The bad-input battery: every case is generated in tmp_path and has one expected outcome —

* **read** (the document is in the corpus),
* **repaired-and-reported** (read; a warning or repair names the file/record), or
* **skipped with a clear reason** naming the file (and record), or a clear error.

Nothing may abort the whole ingest or vanish from the report. (Tables and encodings have their
own battery in tests/corpus/readers/test_tabular.py and test_encoding.py.)
"""
from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus import ingest as ingest_mod
from framing.corpus.report import IngestReport
from framing.errors import EmptyCorpusError, InputError

ARTICLE = ("Die Stadt Essen hat am Montag ein neues Konzept für die Unterbringung von Geflüchteten "
           "vorgestellt. Im Stadtteil Karnap sollen zwei Wohnhäuser umgebaut werden. ")
HTML_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def _read(source, **options) -> framing.Corpus:
    options.setdefault("places", False)
    options.setdefault("dedup", False)
    return framing.read(source, progress=False, **options)


def _events(report: IngestReport, status: str) -> list[tuple[str, str]]:
    return [(Path(e.file).name, e.detail) for e in report.events if e.status == status]


def _consistent(report: IngestReport) -> None:
    assert report.n_records == report.n_read + report.n_skipped


def _only_skip(path: Path) -> str:
    """Read ``path`` alone: it must give no document; return the one skip reason."""
    with pytest.raises(EmptyCorpusError) as info:
        _read(path)
    report = info.value.report
    skips = _events(report, "skipped")
    assert len(skips) == 1 and skips[0][0] == path.name, skips
    assert path.name in str(info.value) or str(path) in str(info.value)
    return skips[0][1]


# --------------------------------------------------------------------------------------------
# files that cannot be documents: skipped with the real reason
# --------------------------------------------------------------------------------------------

def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    (tmp_path / "leer.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\t\n  ", encoding="utf-8")
    assert _only_skip(tmp_path / "leer.txt") == "empty file"
    assert _only_skip(tmp_path / "blank.md") == "empty file"


def test_binary_junk_under_text_suffixes(tmp_path: Path) -> None:
    junk = tmp_path / "junk.md"
    junk.write_bytes(bytes(range(256)) * 8)
    assert "binary data" in _only_skip(junk)
    png = tmp_path / "bild.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert _only_skip(png) == "binary data (PNG image), not a text document"


def test_html_without_main_text(tmp_path: Path) -> None:
    page = tmp_path / "uebersicht.html"
    page.write_text("<!doctype html><html><head><title>Start</title></head><body><nav>"
                    "<a href='/'>Startseite</a> <a href='/lokales'>Lokales</a></nav></body></html>",
                    encoding="utf-8")
    reason = _only_skip(page)
    assert "no article text" in reason or "no main text" in reason


def test_junk_xml_names_its_root_element(tmp_path: Path) -> None:
    xml = tmp_path / "export.xml"
    xml.write_text("<?xml version='1.0'?><katalog><eintrag>Hallo</eintrag></katalog>",
                   encoding="utf-8")
    reason = _only_skip(xml)
    assert reason.startswith("XML with root element <katalog> is not a format framing reads")


def test_malformed_xml_names_the_syntax_error(tmp_path: Path) -> None:
    xml = tmp_path / "kaputt.xml"
    xml.write_text("<?xml version='1.0'?>\n<katalog>\n<eintrag>Hallo</katalog>\n", encoding="utf-8")
    reason = _only_skip(xml)
    assert reason.startswith("malformed XML (line 3):"), reason


def test_malformed_bundestag_xml_is_skipped_with_the_readers_reason(tmp_path: Path) -> None:
    xml = tmp_path / "19001-data.xml"
    xml.write_text("<?xml version='1.0'?>\n<dbtplenarprotokoll><sitzungsverlauf><rede>",
                   encoding="utf-8")
    assert "XML" in _only_skip(xml)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<{root}>&lol9;</{root}>
"""


@pytest.mark.parametrize("root", ["dbtplenarprotokoll", "lolz"])
def test_billion_laughs_xml_stays_refused(tmp_path: Path, root: str) -> None:
    xml = tmp_path / "lol.xml"
    xml.write_text(BILLION_LAUGHS.format(root=root), encoding="utf-8")
    t0 = time.perf_counter()
    reason = _only_skip(xml)
    assert time.perf_counter() - t0 < 10
    assert "lollollol" not in reason
    if root == "dbtplenarprotokoll":
        assert "entity" in reason and "refused" in reason


@pytest.mark.parametrize("root", ["dbtplenarprotokoll", "daten"])
def test_external_entities_xml_stay_refused(tmp_path: Path, root: str) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIMES-PASSWORT", encoding="utf-8")
    xml = tmp_path / "xxe.xml"
    xml.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                   f"<{root}>&x;</{root}>", encoding="utf-8")
    corpus = _read(tmp_path)  # the secret file itself is read as an article, the XML is not
    assert corpus.doc_ids == ["geheim"]
    skips = dict(_events(corpus.report, "skipped"))
    assert "GEHEIMES" not in skips["xxe.xml"]
    _consistent(corpus.report)


# --------------------------------------------------------------------------------------------
# front matter
# --------------------------------------------------------------------------------------------

def test_impossible_front_matter_date_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\ntitle: A\ndate: 2016-02-31\n---\n{ARTICLE}", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"---\ntitle: B\ndate: 2016-02-29\n---\n{ARTICLE}", encoding="utf-8")
    corpus = _read(tmp_path)
    dates = dict(zip(corpus.doc_ids, corpus.docs["date"], strict=True))
    assert pd.isna(dates["a"]) and dates["b"] == pd.Timestamp("2016-02-29")
    assert _events(corpus.report, "warning") == [
        ("a.md", "'2016-02-31' is not a calendar date (day 31, month 2, year 2016); kept as missing")]


YAML_BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
"""


def test_yaml_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bombe.md"
    bomb.write_text(YAML_BOMB + ARTICLE, encoding="utf-8")
    assert len(YAML_BOMB) < 500
    (tmp_path / "gut.md").write_text(ARTICLE, encoding="utf-8")
    t0 = time.perf_counter()
    corpus = _read(tmp_path)
    assert time.perf_counter() - t0 < 10
    assert corpus.doc_ids == ["gut"]
    (skip,) = _events(corpus.report, "skipped")
    assert skip == ("bombe.md", "malformed YAML front matter: YAML anchors (&name) are not "
                                "allowed in front matter (write the values out)")
    # the line of the first anchor is named
    assert [e.record for e in corpus.report.events if e.status == "skipped"] == [2]


def test_single_alias_is_refused_too(tmp_path: Path) -> None:
    from framing.corpus.readers.textfolder import split_front_matter

    with pytest.raises(InputError, match="aliases"):
        split_front_matter("---\ntitle: A\n<<: *x\n---\nText", "x.md")


# --------------------------------------------------------------------------------------------
# file names and the folder walk
# --------------------------------------------------------------------------------------------

def test_file_names_with_umlauts_spaces_and_newlines(tmp_path: Path) -> None:
    names = ["Straße in Altena.txt", "Bürger laden.md", "zeile\numbruch.txt"]
    for name in names:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    corpus = _read(tmp_path)
    assert sorted(corpus.doc_ids) == sorted(Path(n).stem for n in names)
    assert corpus.report.n_skipped == 0
    corpus.to_parquet(tmp_path / "out" / "c.parquet")
    assert framing.Corpus.read_parquet(tmp_path / "out" / "c.parquet").doc_ids == corpus.doc_ids


@pytest.mark.skipif(os.name != "posix", reason="only POSIX file names can hold undecodable bytes")
def test_file_name_that_is_not_utf8_is_read_and_reported(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/stra\xdfe.txt"  # a Latin-1 "straße.txt" from an old zip
    with open(raw, "wb") as fh:
        fh.write(ARTICLE.encode("utf-8"))
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    corpus = _read(tmp_path)
    assert sorted(corpus.doc_ids) == ["ok", "stra\\xdfe"]
    (warning,) = _events(corpus.report, "warning")
    assert warning == ("stra\\xdfe.txt", "file name is not valid UTF-8; shown as 'stra\\xdfe.txt' "
                                         "(undecodable bytes as \\x escapes)")
    # everything downstream can store it
    corpus.to_parquet(tmp_path / "c.parquet")
    corpus.report.to_frame().to_csv(tmp_path / "events.csv", index=False)
    assert "stra\\xdfe" in corpus.report.to_text()


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "offen").mkdir()
    (tmp_path / "offen" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "gesperrt"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, where chmod 000 does not bite: simulate it
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest_mod.os, "scandir", scandir)
    corpus = _read(tmp_path)
    assert corpus.doc_ids == ["a"]
    assert _events(corpus.report, "skipped") == [
        ("gesperrt", "folder cannot be read (Permission denied); its files are not in the corpus")]
    _consistent(corpus.report)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads folders whatever their mode")
def test_unreadable_folder_for_real(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "gesperrt"
    locked.mkdir()
    (locked / "b.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        corpus = _read(tmp_path)
    finally:
        locked.chmod(0o755)
    assert corpus.doc_ids == ["a"]
    assert [name for name, _ in _events(corpus.report, "skipped")] == ["gesperrt"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_looping_broken_and_ancestor_symlinks_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("schleife2", tmp_path / "schleife1")
    os.symlink("schleife1", tmp_path / "schleife2")
    os.symlink("gibt-es-nicht.txt", tmp_path / "kaputt.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "zurueck")  # a link to an ancestor folder
    os.symlink(tmp_path / "sub" / "b.txt", tmp_path / "verweis.txt")  # a link to a file: read
    corpus = _read(tmp_path)
    assert corpus.doc_ids == ["a", "b", "verweis"]
    assert _events(corpus.report, "skipped") == [
        ("kaputt.txt", "broken symbolic link (target 'gibt-es-nicht.txt': No such file or directory)"),
        ("schleife1", "symbolic link loop (the link points back to itself)"),
        ("schleife2", "symbolic link loop (the link points back to itself)"),
        ("zurueck", "the same folder was already read under another path (a symbolic link loop "
                    "or a second link); not read again"),
    ]
    _consistent(corpus.report)
    with pytest.raises(InputError, match="symbolic link loop"):
        _read(tmp_path / "schleife1")


def test_hidden_files_stay_out_and_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    with pytest.raises(EmptyCorpusError, match="no files found"):
        _read(tmp_path)


# --------------------------------------------------------------------------------------------
# sidecars
# --------------------------------------------------------------------------------------------

def test_broken_sidecar_blames_the_sidecar_not_the_articles(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("titel;ort\nEins;Essen\n", encoding="utf-8")
    (tmp_path / "eins.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "zwei.txt").write_text(ARTICLE, encoding="utf-8")
    corpus = _read(tmp_path)
    assert corpus.doc_ids == ["eins", "zwei"]
    (skip,) = _events(corpus.report, "skipped")
    assert skip[0] == "metadata.csv"
    assert skip[1].startswith("metadata sidecar not used: metadata sidecar metadata.csv has no "
                              "'file' or 'filename' column")
    assert skip[1].endswith("the documents of this folder are read without its metadata")
    assert _events(corpus.report, "warning") == [
        (name, "no metadata from the folder's sidecar metadata.csv (unusable, see its entry)")
        for name in ("eins.txt", "zwei.txt")]
    _consistent(corpus.report)


# --------------------------------------------------------------------------------------------
# web pages
# --------------------------------------------------------------------------------------------

def test_article_next_to_a_huge_inline_script(tmp_path: Path) -> None:
    page = (HTML_FIXTURES / "hoersterfeld_buergerladen.html").read_text(encoding="utf-8")
    script = "<script>window.__STATE__=\"" + "x" * 11_000_000 + "\";</script>"
    style = "<style>" + ".a{color:red}" * 1000 + "</style>"
    big = tmp_path / "mit_skript.html"
    big.write_text(page.replace("</head>", script + style + "</head>", 1), encoding="utf-8")
    assert big.stat().st_size > 11_000_000
    plain = _read(HTML_FIXTURES / "hoersterfeld_buergerladen.html").docs.iloc[0]
    doc = _read(big).docs.iloc[0]
    assert doc["text"] == plain["text"]
    assert (doc["title"], doc["date"], doc["author"]) == (plain["title"], plain["date"], plain["author"])
    assert doc["date"] == pd.Timestamp("2016-03-12")  # from JSON-LD, which is kept


def test_strip_scripts_keeps_json_ld() -> None:
    from framing.corpus.readers.html import strip_scripts

    html = ('<head><script type="application/ld+json">{"a": 1}</script><SCRIPT src=x.js></SCRIPT>'
            '<script>var a = "</p>";</script><style>p{}</style></head><body><p>Text</p></body>')
    assert strip_scripts(html) == ('<head><script type="application/ld+json">{"a": 1}</script>'
                                   '</head><body><p>Text</p></body>')


def test_twenty_megabyte_page_is_read(tmp_path: Path) -> None:
    """A page saved as one file (SingleFile, "Webseite, komplett") carries its images inline."""
    import base64

    paras = "".join(f"<p>Absatz {i}: {ARTICLE}</p>\n" for i in range(20))
    image = base64.b64encode(bytes(range(256)) * 58_600).decode("ascii")
    page = tmp_path / "gross.html"
    page.write_text(f"<!doctype html><html><head><title>Großes Dokument</title></head><body>"
                    f"<article><h1>Großes Dokument</h1>{paras}"
                    f"<img src='data:image/png;base64,{image}'></article></body></html>",
                    encoding="utf-8")
    assert page.stat().st_size > 20_000_000
    t0 = time.perf_counter()
    doc = _read(page).docs.iloc[0]
    assert time.perf_counter() - t0 < 60
    assert doc["text"].count("Karnap") == 20 and doc["title"] == "Großes Dokument"
    assert "base64" not in doc["text"]


# --------------------------------------------------------------------------------------------
# dates from different sources meet in one representation
# --------------------------------------------------------------------------------------------

def test_tz_aware_parquet_dates_next_to_naive_csv_dates(tmp_path: Path) -> None:
    pd.DataFrame({"text": [ARTICLE, ARTICLE + "Zwei."],
                  "date": pd.to_datetime(["2016-03-12 00:30", "2016-03-13 23:30"]).tz_localize(
                      "Europe/Berlin")}).to_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.csv").write_text(f"text,date\n\"{ARTICLE} Drei.\",12.03.2016\n", encoding="utf-8")
    corpus = _read(tmp_path)
    dates = corpus.docs.set_index("doc_id")["date"]
    assert str(dates.dtype) == "datetime64[ns]"
    # wall-clock time as written: a Berlin midnight date stays on its day
    assert dates.tolist() == [pd.Timestamp("2016-03-12 00:30"), pd.Timestamp("2016-03-13 23:30"),
                              pd.Timestamp("2016-03-12")]


def test_doubtful_dates_are_reported_per_record(tmp_path: Path) -> None:
    rows = ["0001-01-01", "20166-03-12", "31.02.2016", "10.01.18", "20180110"]
    lines = "\n".join(f"\"{ARTICLE} Nummer {i}.\",{d}" for i, d in enumerate(rows))
    (tmp_path / "t.csv").write_text("text,date\n" + lines + "\n", encoding="utf-8")
    corpus = _read(tmp_path)
    assert corpus.docs["date"].tolist()[3:] == [pd.Timestamp("2018-01-10")] * 2
    assert corpus.docs["date"].iloc[:3].isna().all()
    warnings = [d for _, d in _events(corpus.report, "warning")]
    assert warnings == [
        "implausible year 1 in date '0001-01-01' (accepted: 1800 to "
        f"{pd.Timestamp.today().year + 1}); kept as missing",
        "unparseable date '20166-03-12' kept as missing",
        "'31.02.2016' is not a calendar date (day 31, month 2, year 2016); kept as missing",
    ]


# --------------------------------------------------------------------------------------------
# zero documents, and corpus-wide notes
# --------------------------------------------------------------------------------------------

def test_zero_documents_raise_with_the_report(tmp_path: Path) -> None:
    (tmp_path / "leer.txt").write_text("", encoding="utf-8")
    (tmp_path / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "README.md").write_text("# Korpus\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError) as info:
        framing.read(tmp_path, progress=False)
    err = info.value
    assert isinstance(err, InputError)
    assert err.report.n_records == 3 and err.report.n_skipped == 3
    message = str(err)
    assert "\n" not in message
    assert message.startswith(f"no documents read from {tmp_path}: 3 file(s), 3 skipped")
    assert "empty file" in message and "PNG image" in message


def test_most_documents_without_a_place_gives_a_warning(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(f"Ein Text ohne Ortsangabe, Nummer {i}. " * 3,
                                             encoding="utf-8")
    (tmp_path / "e.md").write_text(f"---\nplace: Altena\n---\n{ARTICLE}", encoding="utf-8")
    corpus = framing.read(tmp_path, progress=False, dedup=False)
    first = corpus.report.events[0]
    assert (first.file, first.status) == ("(corpus)", "warning")
    assert first.detail.startswith("3 of 4 documents have no place")
    assert "(corpus): 3 of 4 documents have no place" in corpus.report.to_text()


def test_no_place_warning_when_most_documents_have_one(tmp_path: Path) -> None:
    for i, town in enumerate(["Altena", "Essen", "Altena"]):
        (tmp_path / f"d{i}.md").write_text(f"---\nplace: {town}\n---\n{ARTICLE} {i}", encoding="utf-8")
    corpus = framing.read(tmp_path, progress=False, dedup=False)
    assert not [e for e in corpus.report.events if e.file == "(corpus)"]


def test_a_reader_bug_is_reported_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from framing.corpus.readers import textfolder

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM " + ARTICLE, encoding="utf-8")
    real = textfolder.split_front_matter

    def buggy(text, path=None):
        if text.startswith("BOOM"):
            raise KeyError("oops")
        return real(text, path)

    monkeypatch.setattr(textfolder, "split_front_matter", buggy)
    corpus = _read(tmp_path)
    assert corpus.doc_ids == ["a"]
    assert _events(corpus.report, "skipped") == [
        ("b.txt", "reader failed (KeyError: 'oops'); please report this as a bug in framing")]
    with pytest.raises(KeyError):
        _read(tmp_path, strict=True)


def test_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match=r"^format must be one of \[.*'nexis'.*\] or None, got 'nexsi'$"):
        _read(tmp_path, format="nexsi")


# --------------------------------------------------------------------------------------------
# downstream: the instruments on odd documents and on nothing
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def odd_tokens():
    texts = ["", "   ", "😀🎉🙈 👍👍",
             "The refugees arrived in the town and were welcomed by their new neighbours.",
             "اللاجئون وصلوا إلى المدينة",
             ("wort " * 400_000).strip(),  # 2 MB without punctuation
             "Die Geflüchteten in Essen sind unsere Nachbarn. Die Asylanten stören."]
    corpus = framing.Corpus.from_texts(texts, place=["Essen"] * len(texts))
    return framing.annotate(corpus, progress=False, cache=False)


def test_annotate_keeps_every_odd_document(odd_tokens) -> None:
    assert len(odd_tokens.docs) == 7
    counts = odd_tokens.table.groupby("doc_id").size()
    assert counts.get("doc0005") == 400_000
    assert counts.get("doc0000", 0) == 0 and counts.get("doc0001", 0) == 0


def test_cooccurrence_and_othering_on_odd_documents(odd_tokens) -> None:
    from framing.othering import OtheringScorer

    co = framing.cooccurrence(odd_tokens)
    graph = co.to_graph()
    assert graph.number_of_nodes() > 0
    result = OtheringScorer().score(odd_tokens, by="place")
    row = result.table.set_index("place").loc["Essen"]
    assert row["othering"] == 1 and row["recognition"] >= 1


def test_instruments_return_empty_results_for_zero_documents() -> None:
    from framing.othering import OtheringScorer

    tokens = framing.annotate(framing.Corpus.from_texts([]), progress=False, cache=False)
    assert len(tokens) == 0 and len(tokens.docs) == 0
    co = framing.cooccurrence(tokens)
    assert co.to_graph().number_of_nodes() == 0
    result = OtheringScorer().score(tokens, by="place")
    assert len(result.table) == 0 and len(result.evidence) == 0


# --------------------------------------------------------------------------------------------
# a fresh install: what the HTML reader imports is declared
# --------------------------------------------------------------------------------------------

def test_html_reader_dependencies_are_declared() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower() for d in deps}
    assert {"trafilatura", "lxml", "lxml_html_clean"} <= names
    import lxml.html.clean  # noqa: F401  (jusText, which trafilatura imports, needs it)
