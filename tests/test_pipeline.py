"""The main job (framing analyze): every output of the shipped demo corpus, the manifest, resuming,
settings from framing.toml, and pooling of small groups."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from framing.cli import main
from framing.compare.groups import pool_groups
from framing.config import DEFAULTS, read_config, resolve
from framing.errors import InputError, ParameterError
from framing.pipeline import analyze

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
EXAMPLE_TOML = REPO / "examples" / "framing.toml"
FAST = {"n_topics": 4, "frames": {"n_boot": 200}}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    """One full analyze of the shipped demo corpus per module (it takes a while)."""
    base = tmp_path_factory.mktemp("analyze")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_CACHE_DIR", str(base / "cache"))
        result = analyze(DEMO, base / "out", config=None, progress=False, **FAST)
    return result


def _digest(folder: Path, names: list[str]) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def test_demo_writes_every_output(demo) -> None:
    out = demo.outdir
    assert len(demo.corpus) == 179 and demo.tokens.n_docs == 179
    for name in ("corpus.parquet", "tokens.parquet", "ingest_report.txt", "ingest_events.csv",
                 "annotation_summary.txt", "summary_place_year.csv", "groups.csv",
                 "networks/altena.gexf", "networks/altena.png", "networks/altena.svg", "networks/comparison.csv",
                 "topics/topics.csv", "topics/topic_network.png", "topics/topic_network.svg",
                 "frames/frames.csv", "frames/evidence.csv", "frames/profile.csv", "frames/codebook.yaml",
                 "frames/over_time.csv", "frames/over_time.png", "frames/over_time.svg", "frames/north_south.csv",
                 "frames/profile.png", "frames/profile.svg",
                 "frames/speeches_by_party/frames.csv",
                 "othering/press_by_place.csv", "othering/press_by_place.svg", "othering/speeches_by_party.csv",
                 "compare/keyness_altena.csv", "compare/keyness_essen-hoersterfeld.csv", "compare/frames.csv",
                 "analysis.json"):
        assert (out / name).is_file(), name
    assert nx.read_gexf(out / "networks" / "altena.gexf").number_of_nodes() > 10
    # [networks] generic = true: no press-generic hubs (weekdays, "Jahr", "neu") among the terms
    from framing.topics.terms import GENERIC_TERMS
    nodes = pd.concat([pd.read_csv(f) for f in (out / "networks").glob("*_nodes.csv")])
    assert len(nodes) > 20 and not set(nodes["Label"].astype(str).str.lower()) & GENERIC_TERMS
    assert len(demo.topic_model.topics_) == 4
    # every PNG has its SVG beside it
    pngs = sorted(out.rglob("*.png"))
    assert pngs and all(p.with_suffix(".svg").is_file() for p in pngs)


def test_demo_frames_and_comparison_tables(demo) -> None:
    out = demo.outdir
    profile = pd.read_csv(out / "frames" / "profile.csv")
    # press only: the Landtag speeches (the only documents of Nordrhein-Westfalen) are scored apart
    assert dict(zip(profile["place"], profile["dominant"])) == {
        "Altena": "opportunity", "Essen-Altenessen/Karnap": "problematisation",
        "Essen-Hörsterfeld": "normalisation"}
    over = pd.read_csv(out / "frames" / "over_time.csv")
    assert list(over.columns[:7]) == ["period", "dimension", "frame", "share", "ci_low", "ci_high", "n_docs"]
    assert sorted(over["period"].unique()) == [2015, 2016, 2017, 2018]   # four years: by year
    mode = over[(over["dimension"] == "mode") & (over["period"] == 2016)]
    assert mode["share"].sum() == pytest.approx(1.0)
    keyness = pd.read_csv(out / "compare" / "keyness_altena.csv")
    assert keyness["term"].iloc[0] == "Altena" and keyness["direction"].iloc[0] == "target"
    diffs = pd.read_csv(out / "compare" / "frames.csv")
    assert {"unit_a", "unit_b", "frame", "difference", "p_adj"} <= set(diffs.columns)
    assert len(diffs) == 3 * len(pd.read_csv(out / "frames" / "frames.csv").filter(like="_share_low").columns)


def test_manifest_names_settings_steps_files_and_groups(demo) -> None:
    m = json.loads((demo.outdir / "analysis.json").read_text(encoding="utf-8"))
    assert m["framing_version"] and m["created"] and m["sources"] == [str(DEMO)]
    assert m["steps"] == ["ingest", "annotate", "topics", "networks", "frames", "othering", "comparison", "report"]
    assert set(m["seconds"]) == set(m["steps"]) | {"groups"}
    assert m["settings"]["topics"]["n_topics"] == 4 and m["settings"]["frames"]["n_boot"] == 200
    assert set(m["settings"]) == set(DEFAULTS)
    assert m["groups"] == {"by": "place", "column": "place", "min_group_size": 5, "pooled": [],
                           "n_docs": {"Altena": 60, "Essen-Altenessen/Karnap": 61, "Essen-Hörsterfeld": 52,
                                      "Nordrhein-Westfalen": 6}}
    assert m["files"]["frames.profile"] == "frames/profile.csv"
    assert m["files"]["othering.press_by_place_svg"] == "othering/press_by_place.svg"
    assert all((demo.outdir / rel).is_file() for rel in m["files"].values())


def test_second_run_reuses_and_a_changed_setting_reruns(demo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(demo.outdir, out)
    names = ["tokens.parquet", "topics/topics.csv", "frames/frames.csv", "othering/press_by_place.csv",
             "networks/altena_edges.csv", "compare/frames.csv"]
    before = _digest(out, names)
    again = analyze(DEMO, out, config=None, progress=False, **FAST)
    m = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert again.reused == again.steps == m["reused"] == m["steps"]
    assert _digest(out, names) == before
    assert m["computed_seconds"]["annotate"] == json.loads(
        (demo.outdir / "analysis.json").read_text(encoding="utf-8"))["seconds"]["annotate"]
    # a frames setting: frames and the comparison (which reads the frame scores) rerun, nothing else
    changed = analyze(DEMO, out, config=None, progress=False, n_topics=4, frames={"n_boot": 100})
    assert changed.reused == ["ingest", "annotate", "topics", "networks", "othering"]
    assert json.loads((out / "analysis.json").read_text(encoding="utf-8"))["settings"]["frames"]["n_boot"] == 100
    assert _digest(out, names[:2] + names[3:5]) == {k: before[k] for k in names[:2] + names[3:5]}
    # force reruns every step
    forced = analyze(DEMO, out, config=None, progress=False, force=True, n_topics=4, frames={"n_boot": 100},
                     topics=False, networks=False, othering=False, comparison=False)
    assert forced.reused == [] and forced.steps == ["ingest", "annotate", "frames", "report"]


def test_an_interrupted_run_keeps_what_earlier_runs_finished(demo, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import framing.pipeline as pipeline

    out = tmp_path / "out"
    shutil.copytree(demo.outdir, out)

    def interrupted(run):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(pipeline, "_topics", interrupted)
        with pytest.raises(KeyboardInterrupt):
            analyze(DEMO, out, config=None, progress=False, n_topics=3, frames={"n_boot": 200})
    m = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert m["steps"] == ["ingest", "annotate"] and "frames" in m["fingerprints"]
    again = analyze(DEMO, out, config=None, progress=False, n_topics=3, frames={"n_boot": 200})
    assert again.reused == ["ingest", "annotate", "networks", "frames", "othering", "comparison"]
    assert pd.read_csv(out / "topics" / "topics.csv")["topic"].tolist() == [0, 1, 2]


def _town_corpus(folder: Path) -> Path:
    """14 short articles: Altena 6, Essen 5, Hagen 2, Iserlohn 1, and 2 without a place."""
    rows = []
    towns = ["Altena"] * 6 + ["Essen"] * 5 + ["Hagen"] * 2 + ["Iserlohn"] + [""] * 2
    for i, town in enumerate(towns):
        rows.append({"id": f"d{i:02d}", "date": f"2016-0{1 + i % 9}-15", "place": town,
                     "text": ("Der Rat hat am Dienstag beschlossen, Wohnungen für Geflüchtete herzurichten. "
                              "Die Stadt sieht darin eine Chance gegen den Leerstand. "
                              "Viele Ehrenamtliche helfen bei der Integration der Flüchtlinge.")})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "towns.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_small_groups_are_pooled_and_missing_values_form_their_own_group(tmp_path: Path) -> None:
    src = _town_corpus(tmp_path / "src")
    result = analyze(src, tmp_path / "out", config=None, progress=False, topics=False, networks=False,
                     ingest={"places": False, "dedup": False}, frames={"n_boot": 50})
    assert result.groups["pooled"] == ["Hagen", "Iserlohn"]
    assert result.groups["n_docs"] == {"Altena": 6, "Essen": 5, "(other)": 3, "(none)": 2}
    othering = pd.read_csv(result.outdir / "othering" / "press_by_place.csv")
    assert dict(zip(othering["place"], othering["n_docs"])) == {"Altena": 6, "Essen": 5, "(other)": 3,
                                                                "(none)": 2}
    frames = pd.read_csv(result.outdir / "frames" / "frames.csv")
    assert sorted(frames["place"]) == ["(none)", "(other)", "Altena", "Essen"]
    assert (result.outdir / "compare" / "keyness_other.csv").is_file()
    groups = pd.read_csv(result.outdir / "groups.csv", keep_default_na=False)
    assert groups.to_dict("records")[2] == {"group": "(other)", "n_docs": 3, "values": "Hagen; Iserlohn"}
    # the raw values stay in the tokens: pooling is the analysis' view, not a change of the data
    assert set(result.tokens.docs["place"].fillna("")) == {"Altena", "Essen", "Hagen", "Iserlohn", ""}


def test_pool_groups_min_size_one_pools_nothing(tmp_path: Path) -> None:
    import framing

    corpus = framing.read(_town_corpus(tmp_path), places=False, dedup=False, progress=False)
    tokens = framing.annotate(corpus, progress=False)
    pooled, info = pool_groups(tokens, "place", 1)
    assert info.pooled == [] and info.n_docs["Iserlohn"] == 1 and info.n_docs["(none)"] == 2
    assert pooled.docs["place_raw"].isna().sum() == 2
    with pytest.raises(InputError, match="cannot group by 'town'"):
        pool_groups(tokens, "town")


def test_config_file_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "framing.toml"
    cfg.write_text('[analyze]\nby = "outlet"\nmin_group_size = 3\n[topics]\nn_topics = 12\nrun = false\n'
                   '[annotate]\nprofile = ""\n[networks]\npos = ["NOUN"]\n', encoding="utf-8")
    settings, used = resolve(cfg, {"n_topics": 5, "frames": {"n_boot": 10}})
    assert used == cfg
    assert settings["analyze"] == {"by": "outlet", "min_group_size": 3, "random_state": 0}
    assert settings["topics"]["n_topics"] == 5 and settings["topics"]["run"] is False   # flag beats file
    assert settings["annotate"]["profile"] is None and settings["networks"]["pos"] == ["NOUN"]
    assert settings["frames"]["n_boot"] == 10
    # framing.toml in the current directory is read without being named
    monkeypatch.chdir(tmp_path)
    assert resolve()[0]["analyze"]["by"] == "outlet"
    assert resolve(None)[0]["analyze"]["by"] == "place"


@pytest.mark.parametrize("text, message", [
    ("[topics]\nn_topic = 5\n", "unknown key 'n_topic' in [topics]"),
    ("[topic]\nn_topics = 5\n", "unknown section [topic]"),
    ("[topics]\nn_topics = \"5\"\n", "[topics] n_topics must be an integer, got '5'"),
])
def test_config_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "mine.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as info:
        read_config(cfg)
    assert str(cfg) in str(info.value) and message in str(info.value)


def test_override_errors() -> None:
    with pytest.raises(ParameterError, match="unknown setting 'n_topic'"):
        resolve(None, {"n_topic": 3})
    with pytest.raises(ParameterError, match="'confidence' is a setting of"):
        resolve(None, {"confidence": 0.9})
    with pytest.raises(InputError, match="no such config file"):
        resolve("elsewhere.toml")


def test_example_config_documents_every_setting_with_its_default() -> None:
    assert read_config(EXAMPLE_TOML) == {s: {k: v for k, v in keys.items()} for s, keys in DEFAULTS.items()}


def test_cli_analyze_config_flags_and_quiet(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[topics]\nrun = false\n[networks]\nrun = false\n[frames]\nn_boot = 20\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["analyze", str(DEMO / "speeches" / "landtag-nrw"), "-o", str(out), "-q", "--config", str(cfg),
                 "--no-frames", "--min-group-size", "2"])
    assert code == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    m = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert m["steps"] == ["ingest", "annotate", "othering", "comparison", "report"]
    assert m["settings"]["analyze"]["min_group_size"] == 2 and m["config"] == str(cfg)
    assert (out / "othering" / "speeches_by_party.csv").is_file() and not (out / "networks").exists()


def test_cli_analyze_logs_steps_and_prints_tables(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    args = ["analyze", str(DEMO / "speeches" / "landtag-nrw"), "-o", str(out), "--no-topics", "--no-networks",
            "--n-boot", "20"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "annotate: done in" in captured.err and "Othering (speeches by party)" in captured.out
    assert "othering_balance" in captured.out
    # interval bounds print rounded like the shares (they were raw strings: 0.2631174089068826)
    profile = captured.out[captured.out.index("Framing profile:"):captured.out.index("Othering (")]
    assert re.search(r"\d\.\d{3,}", profile) is None
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "frames: reused" in captured.err and "Reused from an earlier run" in captured.out


def test_cli_bad_config_key_exits_2(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "framing.toml"
    cfg.write_text("[frames]\ncodebok = 'rmfv'\n", encoding="utf-8")
    code = main(["analyze", str(DEMO / "speeches" / "landtag-nrw"), "-o", str(tmp_path / "o"), "-q",
                 "--config", str(cfg)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(cfg) in err and "unknown key 'codebok' in [frames]" in err


def test_step_cpu_seconds_include_child_processes() -> None:
    # the first run's cache build (and n_process workers) run in child processes: their CPU
    # time belongs to the step that started them
    import resource
    import subprocess
    import sys
    import time

    from framing.pipeline import _cpu_time

    subprocess.run([sys.executable, "-c", "sum(range(2_000_000))"], check=True)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = ch.ru_utime + ch.ru_stime
    assert children > 0
    own = time.process_time()
    total = _cpu_time()
    assert total - own == pytest.approx(children, abs=0.01)
