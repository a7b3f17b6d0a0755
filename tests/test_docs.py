"""The documentation build: the generated CLI page follows the parser, every page is in the nav.

(The strict build itself runs in `make test` as `mkdocs build --strict`.)"""
from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from framing.cli import build_parser

REPO = Path(__file__).resolve().parents[1]


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load(REPO / "scripts" / "gen_cli_docs.py")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_cli_page_lists_every_command_and_option_of_the_parser() -> None:
    page = gen.generate()
    commands = _commands(build_parser())
    assert len(commands) >= 5
    sections = page.split("\n## ")[1:]
    assert [s.split("`")[1] for s in sections] == [f"framing {name}" for name in commands]
    for section, (name, sub) in zip(sections, commands.items(), strict=True):
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
                continue
            for flag in action.option_strings or [action.metavar or action.dest]:
                assert f"`{flag}`" in section, (name, flag)
            if action.help and "%" not in action.help:
                assert " ".join(action.help.split()) in section, (name, action.help)


def test_cli_page_follows_a_changed_parser() -> None:
    parser = argparse.ArgumentParser(prog="framing")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("demo", help="a command for the test")
    p.add_argument("corpus", help="corpus file")
    p.add_argument("-n", "--n-things", type=int, default=7, help="how many things")
    p.add_argument("--mode", choices=["a", "b"], default="a", help="the mode")
    page = gen.render(parser)
    assert "## `framing demo`\n\na command for the test" in page
    assert "| `corpus` | corpus file |" in page
    assert "| `-n`, `--n-things` `N_THINGS` | how many things (default `7`) |" in page
    assert "| `--mode` `MODE` | the mode (default `a`; one of `a`, `b`) |" in page


def test_cli_page_does_not_depend_on_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = gen.generate()
    monkeypatch.setenv("COLUMNS", "250")
    assert gen.generate() == narrow


def test_script_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    assert gen.main(["-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == gen.generate()


def test_every_docs_page_is_in_the_nav_after_the_hook() -> None:
    yaml = pytest.importorskip("yaml")
    pytest.importorskip("mkdocs")
    hooks = _load(REPO / "scripts" / "mkdocs_hooks.py")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    hooks.on_config(config)
    listed = hooks._nav_paths(config["nav"])
    pages = {p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")}
    assert pages - listed == set()
    assert hooks.CLI_PAGE in listed                  # generated at build time, not a file in docs/
    assert not (REPO / "docs" / hooks.CLI_PAGE).exists()
    assert not (listed - pages - {hooks.CLI_PAGE}), "the nav names pages that do not exist"


def test_hook_adds_a_new_page_to_its_section(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    hooks = _load(REPO / "scripts" / "mkdocs_hooks.py")
    (tmp_path / "guide").mkdir()
    for name in ("a.md", "new.md"):
        (tmp_path / "guide" / name).write_text("# x\n", encoding="utf-8")
    config = {"docs_dir": str(tmp_path), "nav": [{"Home": "index.md"}, {"Guide": ["guide/a.md"]}]}
    hooks.on_config(config)
    assert config["nav"][1] == {"Guide": ["guide/a.md", "guide/new.md"]}
