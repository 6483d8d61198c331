"""Precision, recall and MRR of claim matching on the evaluation pairs in
tests/matching_pairs.py (development half, held-out half, all).

    .venv/bin/python scripts/eval_matching.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from claimtrack.matching import SAME_CLAIM_THRESHOLD  # noqa: E402
from claimtrack.matching_eval import evaluate_pairs  # noqa: E402
from claimtrack.nlp import load_nlp  # noqa: E402
from matching_pairs import PAIRS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the pairs decided wrongly")
    args = parser.parse_args()
    nlp = load_nlp()
    halves = {"development": PAIRS[0::2], "held-out": PAIRS[1::2], "all": PAIRS}
    print(f"threshold {SAME_CLAIM_THRESHOLD}")
    for name, pairs in halves.items():
        scores = evaluate_pairs(nlp, pairs)
        same = sum(1 for p in pairs if p[2] == "same")
        print(f"{name:12} pairs {len(pairs):3} (same {same:2})  precision {scores.precision:.3f}"
              f"  recall {scores.recall:.3f}  MRR {scores.mrr:.3f}"
              f"  cross-pair matches {scores.cross_pair_matches}")
        if args.errors and name == "all":
            for kind, first, second in scores.errors:
                print(f"  {kind:9} | {first} | {second}")


if __name__ == "__main__":
    main()
