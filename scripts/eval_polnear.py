"""Score claimtrack's attributions on a PolNeAR split (brat .ann), claim level.

    python scripts/eval_polnear.py ../shared/polnear/dev [--limit N] [--errors FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimtrack.evaluate import score_polnear
from claimtrack.nlp import load_nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split_dir", nargs="?", default="../shared/polnear/dev",
                        help="a PolNeAR split: text/ and attributions/ (default %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles")
    parser.add_argument("--model", default=None, help="spaCy model name")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write misses and false alarms as JSON to this file")
    args = parser.parse_args(argv)
    split = Path(args.split_dir)
    if not (split / "text").is_dir() or not (split / "attributions").is_dir():
        print(f"{split}: not a PolNeAR split (needs text/ and attributions/)", file=sys.stderr)
        return 2
    result = score_polnear(split / "text", split / "attributions", load_nlp(args.model),
                           limit=args.limit, details=args.errors is not None)
    if args.errors is not None:
        errors = {k: result.pop(k) for k in ("misses", "false_alarms")}
        args.errors.write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
