"""List the figures found in text files, and the number words left out, for hand-checking.

    python scripts/review_figures.py ARTICLE.txt [ARTICLE.txt ...] [--scores GOLD.tsv]

Each figure prints as text, value, unit and qualifier; then every token that looks like a
number but is in no figure, with its context, so a reviewer sees what was missed as well as
what was found. With --scores, a hand-made list of expected figures (lines
"file-name-prefix<TAB>fragment<TAB>unit", unit "None" when the text names none) is scored:
the share of expected figures found, and found with the right unit. Keep such lists outside
the repository when they quote licensed articles.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from claimtrack.nlp import load_nlp

NUMBER_LIKE = re.compile(
    r"\d|^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|"
    r"dozen|half|third|quarter)s?$", re.I)
CONTEXT_TOKENS = 6  # tokens shown either side of a number left out


def review(doc, name: str) -> None:
    print(f"===== {name}")
    covered: set[int] = set()
    for f in doc._.ct_figures:
        covered.update(range(f["start"], f["end"]))
        print(f"  FIG {f['text']!r:45} value={f['value']:g} unit={f['unit']} "
              f"qualifier={f['qualifier']} low={f['low']} high={f['high']}")
    for t in doc:
        if NUMBER_LIKE.search(t.text) and t.idx not in covered:
            context = doc[max(0, t.i - CONTEXT_TOKENS):t.i + CONTEXT_TOKENS].text
            print(f"  --- {t.text!r:12} [{t.ent_type_}] {' '.join(context.split())}")


def score(docs: dict[str, object], gold_path: Path) -> str:
    """'found F of N, right unit R': each expected figure takes the shortest unused figure
    whose text contains its fragment, preferring one with the expected unit."""
    expected: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            prefix, fragment, unit = line.split("\t")
            expected[prefix].append((fragment, None if unit == "None" else unit))
    total = found = right = 0
    for prefix, items in expected.items():
        figures = next((d._.ct_figures for n, d in docs.items() if n.startswith(prefix)), [])
        used: set[int] = set()
        for fragment, unit in items:
            total += 1
            candidates = sorted((i for i, f in enumerate(figures)
                                 if i not in used and fragment in f["text"]),
                                key=lambda i: len(figures[i]["text"]))
            good = [i for i in candidates if figures[i]["unit"] == unit]
            pick = (good or candidates or [None])[0]
            if pick is None:
                print(f"  MISS {prefix} {fragment!r} ({unit})")
                continue
            used.add(pick)
            found += 1
            right += bool(good)
            if not good:
                print(f"  UNIT {prefix} {fragment!r}: {figures[pick]['unit']}, not {unit}")
    if not total:
        return "no expected figures"
    return (f"expected {total}; found {found} ({found / total:.1%}); "
            f"right unit {right} ({right / total:.1%})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--scores", type=Path, default=None,
                        help="tab-separated expected figures to score against")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    docs = {}
    for path in args.files:
        try:
            docs[path.name] = nlp(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            print(f"{path}: cannot read ({error})", file=sys.stderr)
            return 2
    if args.scores is None:
        for name, doc in docs.items():
            review(doc, name)
        return 0
    print(score(docs, args.scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
