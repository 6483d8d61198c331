"""Score check-worthiness on labelled transcripts the way CLEF-2019 CheckThat! did.

    python scripts/eval_checkworthy.py ../shared/checkworthy/clef2019-train [--loto]

Prints MAP, mean P@5 / P@10 and per-transcript figures as JSON. Without options the scores
are claimtrack's own (the packaged weights); ``--loto`` refits the weights once per
transcript on all the others (scripts/fit_checkworthy.py, needs the ``fit`` extra) and
scores each transcript with the weights that never saw it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimtrack.evaluate_checkworthy import load_transcripts, score_transcripts
from claimtrack.nlp import load_nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a folder of labelled *.tsv transcripts")
    parser.add_argument("--loto", action="store_true",
                        help="leave-one-transcript-out: refit the weights without each one")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the parsed transcripts here (re-runs only the claims step)")
    parser.add_argument("--model", default=None, help="spaCy model name")
    parser.add_argument("--summary", action="store_true", help="leave out per-transcript rows")
    args = parser.parse_args(argv)
    if not sorted(args.directory.glob("*.tsv")):
        print(f"{args.directory}: no labelled transcripts (*.tsv)", file=sys.stderr)
        return 2
    transcripts = load_transcripts(args.directory, load_nlp(args.model), args.cache)
    models = None
    if args.loto:
        from fit_checkworthy import fit  # the fitting script, next to this one

        models = {held_out.name: fit([t for t in transcripts if t is not held_out])
                  for held_out in transcripts}
    result = score_transcripts(transcripts, models)
    result["scores"] = "leave-one-transcript-out refits" if args.loto else "packaged weights"
    if args.summary:
        result.pop("per_transcript")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
