"""The persistent word-form cache: analyses of word types kept across corpora and sessions.

On real press most of an annotation's time goes into word types met for the first time: HanTa's
morphological analysis of a new form (:mod:`framing.nlp.morphology`), simplemma's lemma and the
compound analysis of a new noun lemma. They are pure functions of the word and of the installed
models, so :func:`annotate` keeps them in one file under the cache folder
(``$FRAMING_CACHE_DIR`` or ``~/.cache/framing``, see :mod:`framing.cache`):
``words/analyses-<fingerprint>.pickle``. The next corpus — in the same session or a new one —
starts with them, and only its own new words cost analysis time.

The fingerprint covers the versions of HanTa, simplemma and wordfreq, the annotation version and
the source of the modules whose output is stored (morphology, compounds, the offline backend's
lemma conventions) and the shipped compound lists: an entry made by other code or other models
is never read; files of other versions not written for :data:`STALE_DAYS` days are deleted
when a file is saved. Deleting the folder is always safe. Each kind of entry is capped
(:data:`LIMITS`); a full file keeps what it has. Writing is atomic (a reader never sees half a
file); when two processes write at once, one's new entries are lost, never the file.

The file is a pickle written without the pickler's memo (``Pickler.fast``: these dicts of
strings, numbers and tuples refer to nothing twice that matters), five times faster to write
than a default pickle (GNAD and four Bundestag protocols, 123,000 entries: 0.02 instead of
0.11 CPU-s), which every annotation that learnt a new word pays, and a little faster to read.
It is read with the garbage collector paused: reading makes only new, long-lived objects, and
the collector's passes over them more than doubled the time (0.23 → 0.07 CPU-s). ``marshal``
would write as fast but silently turns a numpy number into bytes.

Nothing of this is shipped: HanTa's model is LGPL-3.0-or-later and a table derived from its
output (or a word list drawn from wordfreq's CC BY-SA data) would not be MIT; it is built on the
user's machine from the user's own texts (``docs/guide/annotation.md``).
"""
from __future__ import annotations

import contextlib
import io
import pickle
import time
from pathlib import Path
from typing import Any

#: bump when the stored structure changes
FORMAT = "1"
#: files of other fingerprints (older framing or models) untouched this long are deleted on save
STALE_DAYS = 30
#: most entries kept per kind (a file of this size loads in well under a second)
LIMITS = {"forward": 400_000, "viterbi": 400_000, "lemmas": 600_000, "compounds": 300_000}


def fingerprint() -> str:
    """What the stored analyses depend on (code, shipped lists, model versions)."""
    from importlib import resources

    from framing.cache import fingerprint as fp
    from framing.cache import package_version
    from framing.nlp import annotate as ann
    from framing.nlp import compounds, morphology
    from framing.nlp.backends import offline

    lists = resources.files("framing").joinpath("resources/compounds")
    parts: list[Any] = [FORMAT, ann.ANNOTATION_VERSION, package_version("HanTa"), package_version("simplemma"),
                        package_version("wordfreq")]
    parts += [Path(m.__file__) for m in (morphology, compounds, offline)]  # type: ignore[arg-type]
    parts += [Path(str(p)) for p in sorted(lists.iterdir(), key=lambda p: p.name) if p.is_file()]
    return fp(parts)


def store_path(cache_root: Path) -> Path:
    return cache_root / "words" / f"analyses-{fingerprint()}.pickle"


def encode(data: dict[str, Any]) -> bytes:
    """The file's bytes: a pickle without the memo (see the module docstring)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    # no memo (no self-references in these tables); where a Python lacks the long-deprecated
    # fast mode, the usual pickle is written
    with contextlib.suppress(AttributeError):
        pickler.fast = True
    pickler.dump(data)
    return buf.getvalue()


def decode(blob: bytes) -> Any:
    """What :func:`encode` wrote (read with the garbage collector paused); ``ValueError`` for
    bytes that are no pickle."""
    from framing._memory import paused_gc

    try:
        with paused_gc():
            return pickle.loads(blob)
    except Exception as exc:  # truncated or foreign bytes: pickle raises many kinds
        raise ValueError(f"not a readable framing word-form cache file ({exc})") from exc


class WordCache:
    """Load the stored analyses into this process's analysers, and store what they learnt."""

    def __init__(self, cache_root: Path) -> None:
        self.path = store_path(cache_root)
        self.data: dict[str, Any] = {}
        self._sizes: dict[str, int] = {}

    def load(self, *, hanta: bool, greedy: bool | None, post: Any | None) -> int:
        """Give the stored analyses to the shared HanTa model (``hanta``), the shared simplemma
        lemmatiser (``greedy``: its setting, ``None`` = not used) and the post-processor's
        compound table (``post``). Returns the number of entries loaded."""
        data: dict[str, Any] = {}
        stamp = _stamp(self.path)
        memo = _MEMO.get(self.path)
        if stamp is not None and memo is not None and memo[0] == stamp:
            data = memo[1]  # this process read or wrote the file as it is: no second read
        elif stamp is not None:
            try:
                data = decode(self.path.read_bytes())
            except Exception:  # a corrupt or foreign file is rebuilt
                data = {}
            _MEMO[self.path] = (stamp, data)
        if not isinstance(data, dict):
            data = {}
        self.data = data
        n = 0
        if hanta:
            from framing.nlp.morphology import shared_hanta

            m = shared_hanta().framing_morphology
            for kind in ("forward", "viterbi"):
                got = data.get(kind) or {}
                getattr(m, f"_{kind}").update(got)
                n += len(got)
        if greedy is not None:
            from framing.nlp.backends.offline import shared_lemmatizer, use_dictionary_folder

            # simplemma's decoded German dictionary is kept beside this file for later processes
            use_dictionary_folder(self.path.parent)
            got = (data.get("lemmas") or {}).get(greedy) or {}
            shared_lemmatizer(greedy).learn(got)
            n += len(got)
        if post is not None:
            got = data.get("compounds") or {}
            post.learn_types(got)
            n += len(got)
        self._sizes = self._count(data)
        return n

    @staticmethod
    def _count(data: dict[str, Any]) -> dict[str, int]:
        lemmas = data.get("lemmas") or {}
        return {"forward": len(data.get("forward") or {}), "viterbi": len(data.get("viterbi") or {}),
                "lemmas": sum(len(v) for v in lemmas.values()), "compounds": len(data.get("compounds") or {})}

    def save(self, *, hanta: bool, greedy: bool | None, post: Any | None) -> bool:
        """Add what the analysers know now to the file (atomic). Returns whether it was written;
        a cache folder that cannot be written is skipped silently."""
        data = dict(self.data)
        if hanta:
            from framing.nlp.morphology import _MODEL

            if _MODEL is not None:
                m = _MODEL.framing_morphology
                for kind in ("forward", "viterbi"):
                    data[kind] = _merged(data.get(kind), getattr(m, f"_{kind}"), LIMITS[kind])
        if greedy is not None:
            from framing.nlp.backends.offline import _SHARED

            lem = _SHARED.get(("lemmatizer", greedy))
            if lem is not None:
                lemmas = dict(data.get("lemmas") or {})
                lemmas[greedy] = _merged(lemmas.get(greedy), lem.cache, LIMITS["lemmas"])
                data["lemmas"] = lemmas
        if post is not None:
            data["compounds"] = _merged(data.get("compounds"), post._compounds, LIMITS["compounds"])
        if self._count(data) == self._sizes:
            return False
        from framing.cache import write_atomic

        try:
            write_atomic(self.path, encode(data))
        except OSError:
            return False
        _remove_stale(self.path)
        self.data = data
        self._sizes = self._count(data)
        stamp = _stamp(self.path)
        if stamp is not None:
            _MEMO[self.path] = (stamp, data)
        return True


#: path → ((mtime, size), data) of the file as this process last read or wrote it
_MEMO: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _remove_stale(keep: Path) -> None:
    """Delete the files of other fingerprints beside ``keep`` not written for STALE_DAYS days."""
    cutoff = time.time() - STALE_DAYS * 86_400
    for path in keep.parent.glob("analyses-*"):
        try:
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # gone already, or not ours to delete
            continue


def _merged(old: dict | None, new: dict, limit: int) -> dict:
    """``old`` plus the entries of ``new`` it lacks, up to ``limit`` entries."""
    out = dict(old or {})
    room = limit - len(out)
    if room <= 0:
        return out
    for k, v in new.items():
        if k not in out:
            out[k] = v
            room -= 1
            if room <= 0:
                break
    return out


__all__ = ["WordCache", "decode", "encode", "fingerprint", "store_path", "LIMITS", "STALE_DAYS"]
