"""build_report without a browser: sections present or "not run", escaping, relative links,
errors on a missing folder, and the ``framing report`` command."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import InputError


def _png(path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def _events(out: Path, n_read: int = 3) -> None:
    rows = [{"file": f"in/a{i}.txt", "record": 1, "status": "read", "detail": None, "doc_id": f"a{i}", "note": None}
            for i in range(n_read)]
    rows.append({"file": "in/README.md", "record": None, "status": "skipped", "detail": "documentation file",
                 "doc_id": None, "note": None})
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(out / "ingest_events.csv", index=False)


def test_missing_or_foreign_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such analysis folder"):
        framing.build_report(tmp_path / "nowhere")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="not an analysis folder"):
        framing.build_report(tmp_path / "other")
    assert main(["report", str(tmp_path / "nowhere"), "-q"]) == 2


def test_steps_that_did_not_run_are_reported_as_not_run(tmp_path: Path) -> None:
    _events(tmp_path)
    page = framing.build_report(tmp_path).read_text(encoding="utf-8")
    for sid in ("frames", "frames-time", "othering", "topics", "networks", "keyness"):
        assert re.search(rf'<section id="{sid}" class="notrun">.*?Not run', page, re.DOTALL), sid
    assert '<section id="corpus" class="">' in page
    # the event counts come from ingest_events.csv: 3 read, 1 skipped
    assert re.search(r'<div class="v">1</div><div class="k">skipped</div>', page)
    assert "no <code>analysis.json</code>" in page


def test_values_are_escaped_and_german_text_kept(tmp_path: Path) -> None:
    _events(tmp_path)
    nasty = '<script>alert("x")</script> & Köln'
    (tmp_path / "othering").mkdir()
    pd.DataFrame({"place": [nasty], "n_docs": [3], "othering": [2], "recognition": [6],
                  "othering_index": [0.25], "ci_low": [0.1], "ci_high": [0.5],
                  "othering_per_1k": [1.5], "recognition_per_1k": [4.5]}).to_csv(
        tmp_path / "othering" / "press_by_place.csv", index=False)
    pd.DataFrame({"doc_id": ["a0"], "unit": [nasty], "left": ["die <b>"], "match": ["Flüchtlinge"],
                  "right": ["in Süd & Nord"], "category": ["group_label_neutral"], "polarity": ["othering"],
                  "counted": [True], "in_index": [True], "reason": [None]}).to_csv(
        tmp_path / "othering" / "press_by_place_evidence.csv", index=False)
    (tmp_path / "analysis.json").write_text(json.dumps({"sources": ["Straße/ä.csv"], "settings": {"by": "place"}}),
                                            encoding="utf-8")
    page = framing.build_report(tmp_path).read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Köln" in page
    assert "die &lt;b&gt;" in page and "Flüchtlinge" in page and "in Süd &amp; Nord" in page
    assert "Straße/ä.csv" in page
    assert "0.25 <span" in page  # the index with its interval


def test_figures_inlined_and_files_linked_by_relative_path(tmp_path: Path) -> None:
    _events(tmp_path)
    net = tmp_path / "networks"
    _png(net / "altena.png")
    (net / "altena.gexf").write_text("<gexf/>", encoding="utf-8")
    pd.DataFrame({"Id": ["a", "b"]}).to_csv(net / "altena_nodes.csv", index=False)
    pd.DataFrame({"Source": ["a"], "Target": ["b"]}).to_csv(net / "altena_edges.csv", index=False)
    page = framing.build_report(tmp_path).read_text(encoding="utf-8")
    assert 'href="networks/altena.gexf"' in page
    assert 'href="networks/altena_edges.csv"' in page
    assert str(tmp_path) + "/networks" not in page
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{100,}" alt="Network: altena" '
                     r'width="\d+" height="\d+"', page)
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert hrefs and not [u for u in hrefs if u.startswith(("http:", "https:", "/"))]
    # nodes and links counted from the Gephi tables
    assert re.search(r"<td>altena</td><td class=\"num\">2</td><td class=\"num\">1</td>", page)


def test_documents_per_group_with_pooled_groups_and_documents_without_place(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i, place in enumerate(["Altena", "Altena", "Hagen", None]):
        head = f"place: {place}\n" if place else ""
        (src / f"d{i}.md").write_text(f"---\ntitle: T{i}\ndate: 2016-0{i + 1}-01\n{head}---\nText über Zuzug.\n",
                                      encoding="utf-8")
    corpus = framing.read(src, progress=False)
    out = tmp_path / "out"
    out.mkdir()
    corpus.to_parquet(out / "corpus.parquet")
    (out / "analysis.json").write_text(json.dumps({"groups": {"by": "place", "min_group_size": 2,
                                                              "pooled": ["Hagen"]}}), encoding="utf-8")
    page = framing.build_report(out).read_text(encoding="utf-8")
    docs = page[page.index("<h3>Documents by place</h3>"):]
    assert '<td>Altena</td><td class="num">2</td><td>2016–2016</td>' in docs
    assert ('<td>Hagen</td><td class="num">1</td><td>2016–2016</td>'
            '<td>pooled into “other” (fewer than 2 documents)') in docs
    assert '<td>(no place)</td><td class="num">1</td>' in docs
    assert '<div class="v">4</div><div class="k">documents</div>' in page
    assert "<summary>2 documents</summary>" in docs and "T0" in docs


@pytest.mark.slow
def test_demo_analysis_report_has_every_section_and_number(demo_analysis: Path) -> None:
    assert main(["report", str(demo_analysis), "-q"]) == 0
    page = (demo_analysis / "report.html").read_text(encoding="utf-8")
    assert 'class="notrun"' not in page
    n_docs = len(pd.read_parquet(demo_analysis / "corpus.parquet", columns=["doc_id"]))
    assert f'<div class="v">{n_docs}</div><div class="k">documents</div>' in page
    profile = pd.read_csv(demo_analysis / "frames" / "profile.csv")
    for place, share in zip(profile["place"], profile["share"]):
        assert f"<td>{place}</td>" in page
        assert f"{share * 100:.0f}&nbsp;% <span" in page
    scores = pd.read_csv(demo_analysis / "othering" / "press_by_place.csv")
    for value in scores["othering_index"]:
        assert f"{value:.2f} <span class=\"ci\">" in page
    # topics by place carry the number of documents per group
    by_place = pd.read_csv(demo_analysis / "topics" / "topics_by_place.csv").groupby("place")["n_docs"].first()
    topics_part = page[page.index('<section id="topics"'):page.index('<section id="networks"')]
    for place, n in by_place.items():
        assert f'<td>{place}</td><td class="num">{n}</td>' in topics_part
    assert 'href="topics/topic_network.gexf"' in page
    # every group's keyness table with its words in context
    for p in sorted((demo_analysis / "compare").glob("keyness_*.csv")):
        assert f'href="compare/{p.name}"' in page
    assert page.count("these words in context") == len(list((demo_analysis / "compare").glob("keyness_*.csv")))


def test_north_south_read_under_the_old_file_name_of_older_folders(demo_analysis: Path, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old"
    shutil.copytree(demo_analysis, old)
    ns = pd.read_csv(old / "frames" / "north_south.csv")
    (old / "frames" / "north_south.csv").rename(old / "frames" / "northsouth.csv")
    assert main(["report", str(old), "-q"]) == 0
    page = (old / "report.html").read_text(encoding="utf-8")
    assert "<h3>The north/south division</h3>" in page
    assert 'href="frames/northsouth.csv"' in page and len(ns) > 0
