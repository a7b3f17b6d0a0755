"""The demo analysis folder for the report tests, built once per test session.

``framing.analyze`` on the shipped corpus writes the folder; until the pipeline writes the frame,
keyness and ``analysis.json`` outputs itself, :func:`complete_analysis` adds them with exactly the
public calls the pipeline makes (and leaves them alone once it does).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"


def complete_analysis(out: Path, by: str = "place") -> None:
    """Add ``frames/``, ``compare/`` and ``analysis.json`` to an analysis folder where missing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    import framing
    from framing.cooccurrence.outputs import slug

    tokens = framing.Tokens.read_parquet(out / "tokens.parquet")
    files: dict[str, str] = {}
    if not (out / "frames").is_dir():
        result = framing.score_frames(tokens, "integration_modes", by=by)
        for key, path in result.to_csv(out / "frames").items():
            files[f"frames_{key}"] = Path(path).relative_to(out).as_posix()
        yearly = framing.score_frames(tokens, "integration_modes", by="year")
        t = yearly.table
        mode = yearly.codebook.dimensions[next(iter(yearly.codebook.dimensions))]
        rows = [{"period": r["year"], "frame": f, "share": r[f"{f}_share"], "ci_low": r[f"{f}_share_low"],
                 "ci_high": r[f"{f}_share_high"], "n_docs": r["n_docs"]} for _, r in t.iterrows() for f in mode]
        pd.DataFrame(rows).to_csv(out / "frames" / "over_time.csv", index=False)
        framing.north_south(tokens, by=by).table.to_csv(out / "frames" / "northsouth.csv", index=False)
        ax = result.plot()
        ax.figure.tight_layout()
        for ext in ("png", "svg"):
            ax.figure.savefig(out / "frames" / f"profile.{ext}", dpi=110)
        plt.close(ax.figure)
    if not (out / "compare").is_dir():
        (out / "compare").mkdir()
        for group in sorted(tokens.docs[by].dropna().unique()):
            table = framing.keyness(tokens, by, group)
            table.to_csv(out / "compare" / f"keyness_{slug(group)}.csv", index=False)
    if not (out / "analysis.json").is_file():
        n_docs = tokens.docs[by].fillna("(no place)").value_counts().sort_index()
        meta = {"framing_version": framing.__version__, "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "sources": [str(DEMO)], "settings": {"by": by, "backend": "default", "n_topics": 8,
                                                      "random_state": 0, "codebook": "integration_modes"},
                "seconds": {}, "files": files,
                "groups": {"by": by, "min_group_size": 5, "pooled": [],
                           "n_docs": {str(k): int(v) for k, v in n_docs.items()}}}
        (out / "analysis.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="session")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``framing.analyze`` of the whole shipped demo corpus (about a minute), completed."""
    import framing

    out = tmp_path_factory.mktemp("demo-analysis")
    result = framing.analyze(DEMO, out, progress=False, log=None)
    complete_analysis(out)
    if not (out / "analysis.json").is_file() or not json.loads((out / "analysis.json").read_text())["seconds"]:
        meta = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
        meta["seconds"] = result.seconds
        (out / "analysis.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return out
