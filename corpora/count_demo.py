"""Print the document counts of the demonstration corpus as Markdown tables.

Usage:  python corpora/count_demo.py [CORPUS_DIR]

Standard library only. Reads the YAML front matter of every ``*.md`` file under
``articles/<place>/`` and ``speeches/<body>/`` (simple ``key: value`` lines) and prints
counts per folder x year and per folder x genre, plus a list of files whose front matter
lacks a required field.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REQUIRED = ("doc_id", "title", "date", "outlet", "place", "section", "author", "genre", "licence")
SPEECH_REQUIRED = ("speaker", "party", "role")
GENRES = ("article", "commentary", "letter", "interview", "speech")


def front_matter(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    meta: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if ":" not in line or line.startswith((" ", "#")):
            continue
        key, value = line.split(":", 1)
        value = value.strip()
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].strip()
        meta[key.strip()] = value
    return meta


def table(rows: dict[str, Counter], columns: list[str], first: str) -> str:
    head = f"| {first} | " + " | ".join(columns) + " | total |"
    sep = "|---|" + "---:|" * (len(columns) + 1)
    out = [head, sep]
    totals: Counter = Counter()
    for name in sorted(rows):
        c = rows[name]
        totals.update(c)
        out.append(f"| {name} | " + " | ".join(str(c.get(col, 0)) for col in columns)
                   + f" | {sum(c.values())} |")
    out.append("| **total** | " + " | ".join(f"**{totals.get(col, 0)}**" for col in columns)
               + f" | **{sum(totals.values())}** |")
    return "\n".join(out)


def main(root: Path) -> int:
    by_year: dict[str, Counter] = {}
    by_genre: dict[str, Counter] = {}
    places: dict[str, set] = {}
    problems: list[str] = []
    for path in sorted(root.glob("*/*/*.md")):
        if path.parts[-3] not in ("articles", "speeches"):
            continue
        folder = f"{path.parts[-3]}/{path.parts[-2]}"
        meta = front_matter(path)
        need = REQUIRED + (SPEECH_REQUIRED if meta.get("genre") == "speech" else ())
        missing = [k for k in need if not meta.get(k)]
        if missing:
            problems.append(f"{path.relative_to(root)}: missing {', '.join(missing)}")
        by_year.setdefault(folder, Counter())[meta.get("date", "????")[:4]] += 1
        by_genre.setdefault(folder, Counter())[meta.get("genre", "?")] += 1
        places.setdefault(folder, set()).add(meta.get("place", "?"))
    if not by_year:
        print(f"no documents found under {root}")
        return 1
    years = sorted({y for c in by_year.values() for y in c})
    genres = [g for g in GENRES if any(g in c for c in by_genre.values())]
    genres += sorted({g for c in by_genre.values() for g in c} - set(genres))
    print("### Documents per folder and year\n")
    print(table(by_year, years, "folder"))
    print("\n### Documents per folder and genre\n")
    print(table(by_genre, genres, "folder"))
    print("\n### `place` values per folder\n")
    for folder in sorted(places):
        print(f"- {folder}: {', '.join(sorted(places[folder]))}")
    if problems:
        print("\n### Front-matter problems\n")
        for p in problems:
            print(f"- {p}")
    return 0


if __name__ == "__main__":
    here = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "demo"
    sys.exit(main(here))
