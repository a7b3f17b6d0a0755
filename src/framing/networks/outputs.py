"""Write a set of co-occurrence networks (one per group) to a folder: the job behind
``framing network`` and the network step of ``framing analyze``."""
from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from framing._compat import renamed_params

if TYPE_CHECKING:  # pragma: no cover
    from framing.nlp.tokens import Tokens

logger = logging.getLogger(__name__)


def slug(value: object) -> str:
    """A file-name-safe form of a group value: "Essen-Hörsterfeld" → "essen-hoersterfeld"."""
    text = str(value).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "group"


F = TypeVar("F", bound=Callable[..., Any])


def _old_pair_count(func: F) -> F:
    """``min_count=`` of :func:`write_networks` was the pair count of an edge until this release
    and is now the term frequency, as everywhere (docs/reference/parameters.md). Where a call
    still uses the old vocabulary (``min_term_count=`` or ``top_k=`` beside it), ``min_count`` is
    taken as the pair count, with a :class:`DeprecationWarning`; where it may mean either (no
    ``min_pair_count=`` beside it), a :class:`FutureWarning` says what it means now."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "min_count" in kwargs and "min_pair_count" not in kwargs:
            if "min_term_count" in kwargs or "top_k" in kwargs:   # the old vocabulary: min_count is the pair count
                warnings.warn("write_networks: min_count= beside min_term_count=/top_k= is the old pair count, "
                              "deprecated; use min_pair_count= (pairs), min_count= (term frequency) and "
                              "top_n_per_node=", DeprecationWarning, stacklevel=2)
                kwargs["min_pair_count"] = kwargs.pop("min_count")
            else:
                warnings.warn("write_networks: min_count= is now the term frequency (tokens), as in cooccurrence; "
                              "until this release it was the pair count of an edge, which is min_pair_count= "
                              "(default 5). Pass min_pair_count= as well to silence this warning",
                              FutureWarning, stacklevel=2)
        return func(*args, **kwargs)

    wrapper.__renamed_params__ = getattr(func, "__renamed_params__", {})  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


@_old_pair_count
@renamed_params(min_term_count="min_count", top_k="top_n_per_node")
def write_networks(tokens: "Tokens", outdir: str | Path, *, by: str | None = None,
                   unit: str = "sentence", window: int = 5, measure: str = "npmi",
                   column: str = "lemma", lowercase: bool = False, pos: Sequence[str] | None = None,
                   min_count: int = 1, min_df: int | float | str = 1,
                   stopwords: Any = None, stopwords_extra: Sequence[str] = (), stopwords_remove: Sequence[str] = (),
                   compounds: str = "keep", within_sentence: bool = False,
                   focus: Sequence[str] | None = None, radius: int = 2, min_pair_count: int = 5,
                   top_n_per_node: int | None = 20, alpha: float | None = None, backbone: float | None = None,
                   communities: str | None = "louvain", png: bool = True, svg: bool = False,
                   graphml: bool = False, dynamic: str | None = None, random_state: int = 0, progress: bool = True,
                   log: Callable[[str], None] | None = None, label_frames: Any = None,
                   label_dimension: str | None = None, client: Any = None) -> dict[str, Path]:
    """One network per value of ``by`` (or one for the corpus) → GEXF, Gephi CSV tables,
    optional GraphML/PNG/SVG/dynamic GEXF, and ``comparison.csv`` (edges significantly stronger in
    one group; Benjamini–Hochberg ``q``). ``label_frames`` (a codebook, its shipped name or a YAML
    path): also ``<group>_community_frames.csv``, each community labelled with the codebook frames
    its terms match, with the matched terms as evidence (:func:`framing.label_communities`;
    ``label_dimension`` restricts to one dimension). Term selection as in :func:`framing.cooccurrence`
    (``min_count`` is the term frequency); ``min_pair_count`` and ``top_n_per_node`` as in
    :meth:`Cooccurrence.to_graph`. Returns file name → path.

    Old names, for one release: ``min_term_count`` → ``min_count``, ``top_k`` → ``top_n_per_node``
    and ``min_count`` in its old sense (the pair count) → ``min_pair_count``
    (docs/reference/parameters.md).

    One line per network goes to ``log`` if given (the CLI passes ``print``), else to the
    ``framing.networks.outputs`` logger at INFO level: the library itself never prints.

    ``client`` (a ``dask.distributed.Client``): the counts are made on its workers (the same
    files; ``tokens`` may be a tokens folder, not loaded here unless ``dynamic`` is given)."""
    import framing
    from framing.networks import export, plot

    say = log or logger.info
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    select = dict(unit=unit, window=window, column=column, lowercase=lowercase,
                  pos=list(pos) if pos else None, min_count=min_count, min_df=min_df, stopwords=stopwords,
                  stopwords_extra=list(stopwords_extra), stopwords_remove=list(stopwords_remove), compounds=compounds,
                  within_sentence=within_sentence, focus=list(focus) if focus else None, radius=radius,
                  progress=progress)
    graph_opts = dict(min_pair_count=min_pair_count, top_n_per_node=top_n_per_node or None, alpha=alpha,
                      backbone=backbone, communities=communities, random_state=random_state)
    if by:
        groups = framing.cooccurrence_by(tokens, by, client=client, **select)
        coocs = dict(groups.items())
    else:
        groups = None
        coocs = {"all": framing.cooccurrence(tokens, client=client, **select)}
    files: dict[str, Path] = {}
    for key, cooc in coocs.items():
        name = slug(key)
        G = cooc.to_graph(measure, **graph_opts)
        files[f"{name}.gexf"] = export.write_gexf(G, out / f"{name}.gexf", random_state=random_state)
        for path in export.write_gephi_csv(G, out / name):
            files[Path(path).name] = Path(path)
        if graphml:
            files[f"{name}.graphml"] = export.write_graphml(G, out / f"{name}.graphml")
        if png or svg:
            title = f"{by or 'corpus'}: {key} ({measure}, {unit})"
            fig = plot.plot_network(G, out / f"{name}.png" if png else None, title=title,
                                    random_state=random_state)
            if png:
                files[f"{name}.png"] = out / f"{name}.png"
            if svg:
                fig.savefig(out / f"{name}.svg", facecolor="white")
                files[f"{name}.svg"] = out / f"{name}.svg"
        n_comm = len({d.get("community") for _, d in G.nodes(data=True)} - {None})
        if label_frames is not None and n_comm:
            from framing.frames.labels import label_communities
            table = label_communities(G, label_frames, dimension=label_dimension)
            files[f"{name}_community_frames.csv"] = out / f"{name}_community_frames.csv"
            table.to_csv(files[f"{name}_community_frames.csv"], index=False)
        say(f"{key}: {G.number_of_nodes()} terms, {G.number_of_edges()} edges, {n_comm} communities "
            f"(from {cooc.n_tokens} tokens, N={cooc.n})")
        if dynamic:
            sub = tokens if groups is None else tokens.filter_docs(groups.doc_ids[key])
            slices = framing.cooccurrence_by(sub, dynamic, vocabulary=cooc.vocab.tolist(),
                                             **{k: v for k, v in select.items() if k != "min_count"})
            D = slices.to_dynamic_graph(measure, **graph_opts)
            files[f"{name}_dynamic.gexf"] = export.write_gexf(D, out / f"{name}_dynamic.gexf",
                                                              random_state=random_state)
    if groups is not None and len(groups) > 1:
        table = groups.compare(min_pair_count=min_pair_count, measure=measure)
        files["comparison.csv"] = out / "comparison.csv"
        table.to_csv(files["comparison.csv"], index=False)
        n_sig = int((table["q"] < 0.05).sum()) if len(table) else 0
        say(f"comparison: {len(table)} edges tested between {len(groups)} groups, {n_sig} with q < 0.05")
    say(f"wrote {len(files)} files to {out}/")
    return files


