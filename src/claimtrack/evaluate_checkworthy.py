"""Score check-worthiness the way CLEF-2019 CheckThat! Task 1 did (docs/claims.md).

Each labelled transcript (``line<TAB>speaker<TAB>text<TAB>label``) goes through the real
input path (readers -> cleaning -> the spaCy pipeline) as one article, one paragraph an
utterance. A line's score is the highest ``checkworthiness`` of the claims overlapping its
paragraph (0 for lines with no claim, e.g. SYSTEM reactions). Lines are ranked by score
(ties: transcript order), and the measure is the mean over transcripts of the average
precision of the label-1 lines (MAP), with precision at 5 and 10 per transcript.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.cleaning import clean
from claimtrack.readers import InputError, iter_inputs
from claimtrack.transcripts import parse_transcript, transcript_article


@dataclass
class Line:
    number: int
    label: int
    claims: list[dict] = field(default_factory=list)  # {"checkworthiness", "features"}


@dataclass
class Transcript:
    name: str
    lines: list[Line]

    @property
    def positives(self) -> int:
        return sum(line.label for line in self.lines)


def read_labelled(path: Path) -> tuple[str, list[Line], list[tuple[int, int, int]]]:
    """(article text through readers and cleaning, labelled lines, paragraph spans)."""
    raw = next(iter(iter_inputs([str(path)])))
    if isinstance(raw, InputError):
        raise raw
    text = clean(raw).text
    utterances = parse_transcript(path.read_text(encoding="utf-8"))
    body, spans = transcript_article(utterances)
    if body != text:
        raise ValueError(f"{path}: the reader's article differs from the labelled lines")
    lines = [Line(u.line, u.label or 0) for u in utterances]
    return text, lines, spans


def attach_claims(lines: list[Line], spans: list[tuple[int, int, int]], doc: Doc) -> None:
    by_number = {line.number: line for line in lines}
    claims = sorted(doc._.ct_claims or [], key=lambda c: c["start"])
    i = 0
    for number, start, end in spans:
        while i < len(claims) and claims[i]["end"] <= start:
            i += 1
        j = i
        while j < len(claims) and claims[j]["start"] < end:
            by_number[number].claims.append(
                {"checkworthiness": claims[j]["checkworthiness"],
                 "features": list(claims[j].get("features") or [])})
            j += 1


def load_transcripts(directory: Path, nlp: Language, docs_cache: Path | None = None,
                     ) -> list[Transcript]:
    """Every ``*.tsv`` transcript of a directory, annotated. ``docs_cache``: a folder to
    keep the parsed docs in, so that changing the check-worthiness rules re-runs only the
    claims component."""
    from spacy.tokens import DocBin

    from claimtrack.nlp.claims import find_claims

    paths = sorted(directory.glob("*.tsv"))
    loaded = [read_labelled(path) for path in paths]
    cached = docs_cache / "docs.spacy" if docs_cache else None
    if cached and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(nlp.vocab))
        if [d.text for d in docs] != [text for text, _, _ in loaded]:
            docs = None
    else:
        docs = None
    if docs is None:
        docs = list(nlp.pipe(text for text, _, _ in loaded))
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=True).to_disk(cached)
    else:
        for doc in docs:
            doc._.ct_claims = find_claims(doc)
    transcripts = []
    for path, (_text, lines, spans), doc in zip(paths, loaded, docs, strict=True):
        attach_claims(lines, spans, doc)
        transcripts.append(Transcript(path.stem, lines))
    return transcripts


def line_scores(transcript: Transcript, model: dict | None = None) -> list[float]:
    """Each line's score: the stored check-worthiness, or with ``model`` ({"bias",
    "weights"}) the logistic score of its claims' features."""
    scores = []
    for line in transcript.lines:
        if model is None:
            values = [c["checkworthiness"] for c in line.claims]
        else:
            values = [model["bias"] + sum(model["weights"].get(f, 0.0) for f in c["features"])
                      for c in line.claims]
            values = [1 / (1 + math.exp(-v)) for v in values]
        scores.append(max(values, default=0.0))
    return scores


def ranking(scores: list[float]) -> list[int]:
    """Line indexes best first; ties keep transcript order."""
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def average_precision(labels: list[int], scores: list[float]) -> float:
    found = 0
    total = 0.0
    for rank, i in enumerate(ranking(scores), start=1):
        if labels[i]:
            found += 1
            total += found / rank
    return total / found if found else 0.0


def precision_at(k: int, labels: list[int], scores: list[float]) -> float:
    return sum(labels[i] for i in ranking(scores)[:k]) / k


def score_transcripts(transcripts: list[Transcript],
                      models: dict[str, dict] | None = None) -> dict:
    """MAP, mean P@5/P@10 and per-transcript figures. ``models``: transcript name -> the
    model to score it with (leave-one-transcript-out), else the stored scores."""
    rows = []
    for transcript in transcripts:
        model = models[transcript.name] if models else None
        scores = line_scores(transcript, model)
        labels = [line.label for line in transcript.lines]
        rows.append({
            "transcript": transcript.name, "lines": len(labels), "positives": sum(labels),
            "ap": round(average_precision(labels, scores), 4),
            "p@5": precision_at(5, labels, scores), "p@10": precision_at(10, labels, scores),
        })
    n = len(rows) or 1
    return {
        "transcripts": len(rows),
        "map": round(sum(r["ap"] for r in rows) / n, 4),
        "p@5": round(sum(r["p@5"] for r in rows) / n, 4),
        "p@10": round(sum(r["p@10"] for r in rows) / n, 4),
        "per_transcript": rows,
    }
