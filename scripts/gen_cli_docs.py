"""Write the CLI command reference (Markdown) from the argparse parser, so it cannot drift from the code.

The docs build runs this through ``docs/hooks.py`` (the page ``reference/cli-commands.md`` exists
only in the built site); run it by hand to look at the page or to write it somewhere else:

    python scripts/gen_cli_docs.py                     # print the page
    python scripts/gen_cli_docs.py -o cli-commands.md  # write it
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

HEADER = """# CLI commands

Every `framing` command with its arguments and options, generated from the command-line parser
(`framing.cli.build_parser`) when the documentation is built. Exit codes and the conventions
shared by all commands are described in the CLI reference (`framing COMMAND --help` prints the
same information in the terminal).
"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _option_row(action: argparse.Action) -> str:
    if action.option_strings:
        name = ", ".join(f"`{s}`" for s in action.option_strings)
        if action.nargs != 0:
            metavar = action.metavar or action.dest.upper()
            if isinstance(metavar, tuple):
                metavar = " ".join(metavar)
            name += f" `{metavar}`"
    else:
        name = f"`{action.metavar or action.dest}`"
        if action.nargs in ("+", "*"):
            name += " …"
    help_text = action.help if action.help not in (None, argparse.SUPPRESS) else ""
    if "%(default)" in (help_text or ""):
        help_text = help_text % {"default": action.default}
    extra = []
    default = action.default
    if (default not in (None, False, True, [], argparse.SUPPRESS) and action.option_strings
            and "default" not in (help_text or "")):
        extra.append(f"default `{default}`")
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        extra.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        extra.append("required")
    text = _cell(" ".join(filter(None, [help_text or "", f"({'; '.join(extra)})" if extra else ""])))
    return f"| {name} | {text} |"


def render(parser: argparse.ArgumentParser) -> str:
    """The Markdown page for ``parser``: one section per subcommand with usage and an option table."""
    helps = _command_help(parser)
    out = [HEADER]
    for name, sub in _subparsers(parser).items():
        out.append(f"## `framing {name}`\n")
        if helps.get(name):
            out.append(_cell(helps[name]) + "\n")
        if sub.description:
            out.append(sub.description.strip() + "\n")
        fmt = argparse.HelpFormatter(sub.prog, width=96)   # fixed width: the page must not depend on the terminal
        fmt.add_usage(sub.usage, sub._actions, sub._mutually_exclusive_groups, prefix="")
        usage = fmt.format_help().strip("\n")
        out.append(f"```\n{usage}\n```\n")
        rows = [a for a in sub._actions if not isinstance(a, argparse._HelpAction) and a.help != argparse.SUPPRESS]
        if rows:
            out.append("| argument | meaning |\n|---|---|")
            out.extend(_option_row(a) for a in rows)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def generate() -> str:
    """The page for the installed ``framing`` CLI."""
    if str(SRC) not in sys.path and (SRC / "framing").is_dir():
        sys.path.insert(0, str(SRC))
    from framing.cli import build_parser

    return render(build_parser())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", help="write the page here (default: print it)")
    args = ap.parse_args(argv)
    text = generate()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
