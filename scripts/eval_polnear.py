"""Score claimtrack's attributions on a PolNeAR split (brat .ann), claim level.

    python scripts/eval_polnear.py ../shared/polnear/dev [--limit N] [--errors FILE]
    python scripts/eval_polnear.py ../shared/polnear/train --rule-table

Prints precision/recall/F1, recall by content form and precision/support per rule.
``--rule-table`` writes the per-rule figures to the package data file the rules take
their confidence from (src/claimtrack/nlp/data/attribution_rules.json): run it on train.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

from claimtrack.evaluate import score_polnear
from claimtrack.nlp import load_nlp
from claimtrack.nlp.attribution.rules import RULE_DATA


def write_rule_table(split: Path, result: dict) -> None:
    path = resources.files("claimtrack.nlp") / "data" / RULE_DATA
    table = {
        "_doc": "Per-rule precision and support of attribution links (claim, source pairs) "
                "measured on PolNeAR; a rule's confidence is its precision. Regenerate with "
                "scripts/eval_polnear.py ../shared/polnear/train --rule-table.",
        "split": split.name,
        "articles": result["articles"],
        "rules": result["rules"],
    }
    Path(str(path)).write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split_dir", nargs="?", default="../shared/polnear/dev",
                        help="a PolNeAR split: text/ and attributions/ (default %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles")
    parser.add_argument("--offset", type=int, default=0,
                        help="skip the first N articles (a held-out slice after mining)")
    parser.add_argument("--model", default=None, help="spaCy model name")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write misses and false alarms as JSON to this file")
    parser.add_argument("--rule-table", action="store_true",
                        help="write per-rule precision/support to the package data file")
    args = parser.parse_args(argv)
    split = Path(args.split_dir)
    if not (split / "text").is_dir() or not (split / "attributions").is_dir():
        print(f"{split}: not a PolNeAR split (needs text/ and attributions/)", file=sys.stderr)
        return 2
    result = score_polnear(split / "text", split / "attributions", load_nlp(args.model),
                           limit=args.limit, details=args.errors is not None,
                           offset=args.offset)
    if args.errors is not None:
        errors = {k: result.pop(k) for k in ("misses", "false_alarms")}
        args.errors.write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.rule_table:
        write_rule_table(split, result)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
