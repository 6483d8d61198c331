"""Fit the check-worthiness weights on labelled transcripts (logistic regression).

    pip install -e '.[fit]'
    python scripts/fit_checkworthy.py ../shared/checkworthy/clef2019-train [--write]

One example per claim: its binary features (claimtrack.nlp.checkworthiness.FEATURES) and
the label of its transcript line. scikit-learn's LogisticRegression (L2, balanced classes:
positives are 1-5 % of lines) gives one weight a feature and a bias; claimtrack's runtime
score is the same logistic function of their dot product, with no scikit-learn at run
time. Prints the leave-one-transcript-out MAP of these settings; ``--write`` stores the
weights fitted on all transcripts, with their provenance, in
src/claimtrack/nlp/data/checkworthiness_weights.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from claimtrack.evaluate_checkworthy import Transcript, load_transcripts, score_transcripts
from claimtrack.nlp import load_nlp
from claimtrack.nlp.checkworthiness import FEATURES

WEIGHTS_FILE = (Path(__file__).resolve().parent.parent
                / "src" / "claimtrack" / "nlp" / "data" / "checkworthiness_weights.json")
# Inverse L2 strength: strong enough that a feature seen on a handful of lines cannot take
# a large weight, chosen by leave-one-transcript-out MAP on the training transcripts.
REGULARISATION_C = 0.1
# Features about sourcing hardly occur in transcripts (a speaker rarely cites a source: under
# 2 % of training lines), so the transcripts cannot weigh them; they are set by hand for
# news, where they matter most, and left out of the regression. A named source makes a
# claim checkable against that source (as strong as a policy topic); a vague one ("they
# say", "critics") is hearsay and adds nothing; quotation marks alone say nothing about
# whether the words are checkable.
FIXED_WEIGHTS = {"named_source": 1.0, "unnamed_source": 0.0, "direct_quote": 0.0}


def examples(transcripts: list[Transcript]):
    names = [name for name in FEATURES if name not in FIXED_WEIGHTS]
    rows, labels = [], []
    for transcript in transcripts:
        for line in transcript.lines:
            for claim in line.claims:
                fired = set(claim["features"])
                rows.append([1.0 if name in fired else 0.0 for name in names])
                labels.append(line.label)
    return rows, labels


def fit(transcripts: list[Transcript], c: float = REGULARISATION_C) -> dict:
    """{"bias", "weights"} fitted on the claims of these transcripts."""
    from sklearn.linear_model import LogisticRegression

    rows, labels = examples(transcripts)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(rows, labels)
    fitted = [name for name in FEATURES if name not in FIXED_WEIGHTS]
    weights = dict(zip(fitted, (round(float(w), 3) for w in model.coef_[0]), strict=True))
    weights = {name: FIXED_WEIGHTS.get(name, weights.get(name)) for name in FEATURES}
    return {"bias": round(float(model.intercept_[0]), 3), "weights": weights}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="a folder of labelled *.tsv transcripts")
    parser.add_argument("--c", type=float, default=REGULARISATION_C,
                        help="inverse L2 strength (default %(default)s)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the parsed transcripts here (re-runs only the claims step)")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    args = parser.parse_args(argv)
    transcripts = load_transcripts(args.directory, load_nlp(), args.cache)
    models = {held_out.name: fit([t for t in transcripts if t is not held_out], args.c)
              for held_out in transcripts}
    loto = score_transcripts(transcripts, models)
    model = fit(transcripts, args.c)
    print(json.dumps({"loto_map": loto["map"], "loto_p@5": loto["p@5"],
                      "loto_p@10": loto["p@10"], **model}, indent=1))
    if args.write:
        rows, labels = examples(transcripts)
        model["provenance"] = {
            "fitted": date.today().isoformat(),
            "script": "scripts/fit_checkworthy.py",
            "method": f"scikit-learn LogisticRegression(C={args.c}, class_weight='balanced'), "
                      "one example per claim labelled with its line's label",
            "set_by_hand": FIXED_WEIGHTS,
            "data": "CLEF-2019 CheckThat! Task 1 training transcripts "
                    "(telsayed/clef2019-factchecking-task1, commit 1236684, data/training/)",
            "transcripts": len(transcripts),
            "claims": len(rows),
            "positive_claims": sum(labels),
            "leave_one_transcript_out_map": loto["map"],
        }
        model["_doc"] = ("Check-worthiness weights (claimtrack.nlp.checkworthiness): score = "
                         "1 / (1 + exp(-(bias + sum of the weights of the features that "
                         "fire))). Written by scripts/fit_checkworthy.py --write; see "
                         "docs/claims.md.")
        ordered = {"_doc": model["_doc"], "bias": model["bias"], "weights": model["weights"],
                   "provenance": model["provenance"]}
        WEIGHTS_FILE.write_text(json.dumps(ordered, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
