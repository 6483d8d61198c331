"""Transcripts (debates, speeches, press conferences) -> one article, one paragraph a turn.

Accepted line forms, one utterance a line (blank lines ignored):

- ``SPEAKER: text`` (the speaker label in capitals, as transcripts print it),
- ``SPEAKER<TAB>text``,
- the CLEF CheckThat! form ``line_number<TAB>speaker<TAB>text[<TAB>label]``.

Each utterance becomes the paragraph ``SPEAKER: text`` (the label in capitals, whatever
the case of the input); the attribution component reads the label as the speaker of every
claim of the turn, however short, and the claims component keeps the label out of the claim.
Lines of the speaker ``SYSTEM`` are audience reactions ("(APPLAUSE)"), not claims: they
are left out. A line with no speaker continues the previous speaker's turn as a new
paragraph under the same label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRANSCRIPT_SUFFIXES = (".tsv", ".transcript")
# Speaker labels the way transcripts print them: capitals, maybe titles and initials
# ("SEN. SANDERS", "O'ROURKE", "Q"). Mixed case ("Note: ...") is prose, not a label.
SPEAKER_LABEL = re.compile(r"([A-Z](?:[A-Z0-9.'’\- ]{0,40}[A-Z0-9.])?)\s*:\s+(?=\S)")
REACTION_SPEAKERS = frozenset({"SYSTEM"})
# Content sniffing: a text is a transcript when at least this share of its non-blank lines
# (and at least MIN_SNIFF_LINES of them) are speaker lines; news prose never is.
MIN_SPEAKER_SHARE = 0.8
MIN_SNIFF_LINES = 5


@dataclass
class Utterance:
    line: int  # 1-based line number (the transcript's own number in the CLEF form)
    speaker: str
    text: str
    label: int | None = None  # CLEF form only: 1 when fact-checkers chose the line


def _parse_line(line: str, number: int) -> Utterance | None:
    parts = [p.strip() for p in line.split("\t")]
    if len(parts) >= 3 and parts[0].isdigit():
        label = int(parts[3]) if len(parts) > 3 and parts[3] in {"0", "1"} else None
        return Utterance(int(parts[0]), parts[1], parts[2], label)
    if len(parts) == 2 and parts[0] and parts[1]:
        return Utterance(number, parts[0], parts[1])
    match = SPEAKER_LABEL.match(line.strip())
    if match:
        return Utterance(number, match.group(1), line.strip()[match.end():])
    return None


def parse_transcript(text: str) -> list[Utterance]:
    """The utterances of a transcript, in order; a line with no speaker label continues
    the previous speaker (or has speaker "" at the start)."""
    utterances: list[Utterance] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        utterance = _parse_line(line, number)
        if utterance is None:
            speaker = utterances[-1].speaker if utterances else ""
            utterance = Utterance(number, speaker, " ".join(line.split()))
        utterances.append(utterance)
    return utterances


def looks_like_transcript(text: str) -> bool:
    lines = [line for line in text.split("\n")[:400] if line.strip()]
    if len(lines) < MIN_SNIFF_LINES:
        return False
    speaking = sum(_parse_line(line, 0) is not None for line in lines)
    return speaking >= MIN_SPEAKER_SHARE * len(lines)


def paragraph(utterance: Utterance) -> str:
    """``SPEAKER: text``, the label in capitals as transcripts print it: a tab-separated
    line may name the speaker in mixed case ("Holt<TAB>..."), and the claims and
    attribution components know a turn by its capitals label."""
    text = " ".join(utterance.text.split())
    return f"{utterance.speaker.upper()}: {text}" if utterance.speaker else text


def transcript_article(utterances: list[Utterance]) -> tuple[str, list[tuple[int, int, int]]]:
    """The article text (paragraphs joined by a blank line, as cleaning joins them) and,
    per utterance kept, ``(line, start, end)`` of its paragraph in that text."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    offset = 0
    for utterance in utterances:
        if utterance.speaker.upper() in REACTION_SPEAKERS or not utterance.text.strip():
            continue
        if pieces:
            offset += 2
        piece = paragraph(utterance)
        spans.append((utterance.line, offset, offset + len(piece)))
        pieces.append(piece)
        offset += len(piece)
    return "\n\n".join(pieces), spans
