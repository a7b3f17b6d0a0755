"""MkDocs hooks (mkdocs.yml ``hooks:``): the generated CLI page and pages that are not in the nav yet.

* ``reference/cli-commands.md`` is rendered from ``framing.cli.build_parser`` on every build
  (``scripts/gen_cli_docs.py``), so the CLI reference cannot go stale.
* A page under ``guide/``, ``formats/``, ``reference/`` or ``api/`` that mkdocs.yml's nav does not
  list is appended to its section, so a new page is part of the site (and of the strict build's
  link checks) without editing mkdocs.yml; list it in the nav to give it a place.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
CLI_PAGE = "reference/cli-commands.md"
#: docs sub-folder -> nav section title in mkdocs.yml
SECTIONS = {"guide": "Guide", "formats": "Data formats", "reference": "Reference", "api": "API"}


def _nav_paths(items: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(items, str):
        out.add(items)
    elif isinstance(items, list):
        for it in items:
            out |= _nav_paths(it)
    elif isinstance(items, dict):
        for v in items.values():
            out |= _nav_paths(v)
    return out


def on_config(config: Any) -> Any:
    nav = config.get("nav")
    if not nav:
        return config
    listed = _nav_paths(nav)
    docs = Path(config["docs_dir"])
    for folder, title in SECTIONS.items():
        missing = sorted(p.relative_to(docs).as_posix() for p in (docs / folder).glob("*.md"))
        missing = [p for p in missing if p not in listed]
        if not missing:
            continue
        section = next((s for s in nav if isinstance(s, dict) and title in s), None)
        if section is None:
            nav.append({title: missing})
        else:
            section[title].extend(missing)
    return config


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, CLI_PAGE, content=_generator().generate()))
    return files


# Sphinx roles in docstrings (":class:`Corpus`") arrive in the HTML as ":class:<code>Corpus</code>":
# keep the code, drop the role name.
_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj|const|ref):(?=<code)")


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub("", html)
