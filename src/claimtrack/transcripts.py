"""Transcripts (debates, speeches, press conferences) -> one article, one paragraph a turn.

Accepted line forms, one utterance a line (blank lines ignored):

- ``SPEAKER: text`` (the speaker label in capitals, as transcripts print it),
- ``SPEAKER<TAB>text``,
- the CLEF CheckThat! form ``line_number<TAB>speaker<TAB>text[<TAB>label]``.

Each utterance becomes the paragraph ``SPEAKER: text``, the label as the input writes it
("McCain<TAB>..." stays "McCain: ..."; a label ``turn_labels`` would not read as written,
"holt" or "Unidentified male", is put in capitals);
``turn_labels`` finds the labels again in the text (capitals always; mixed case when the
text is a transcript), the attribution component reads a label as the speaker of every
claim of the turn, however short, and the claims component keeps the label out of the claim.
``speaker_name`` is the name a label stands for: a mixed-case label as written, an
all-capitals one in name case ("MCCAIN" -> "McCain", "O'ROURKE" -> "O'Rourke").
Lines of the speaker ``SYSTEM`` are audience reactions ("(APPLAUSE)"), not claims: they
are left out. A line with no speaker continues the previous speaker's turn as a new
paragraph under the same label.

Titles (``split_title``): a short first line that is no turn, else the file name.

A ``.tsv`` file is read as a transcript only when its rows read as speaker turns
(``table_problem``); a data table (a header of column names, numbers or single words in
the columns) is refused with the reason, never ingested as prose.
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
# Tab-separated lines are a transcript, not a data table, when (``table_problem``) every row
# is SPEAKER<TAB>text or the CLEF form, the speaker column holds names or labels (a letter
# first, no digits, at most SPEAKER_MAX_WORDS words: "SEN. O'NEIL", "Q"), at least
# MIN_PROSE_SHARE of the text cells are prose (PROSE_MIN_WORDS words of letters: turns like
# "Thank you." are short, a table's values are numbers or single words), and the first
# row is not a header of column names (every cell one word, the first never again in its
# column: "speaker<TAB>text"; a first turn "SMITH<TAB>Thanks" is SMITH's, who speaks again).
SPEAKER_MAX_WORDS = 5
SPEAKER_MAX_CHARS = 40
PROSE_MIN_WORDS = 3
MIN_PROSE_SHARE = 0.5
# A first line that is no speaker turn, at most this many words and not a sentence (no
# final . ? !) is the transcript's title ("Second presidential debate, St. Louis"); without
# one, the file name is ("2016-10-09_debate.tsv" -> "2016 10 09 debate").
TITLE_MAX_WORDS = 20
# A mixed-case label in a transcript's text: up to SPEAKER_MAX_WORDS words before the colon
# (``_is_mixed_case_label``: each capitalised, "Ángela Merkel" too, a name particle such as
# "de Blasio", or a number, "Speaker 1"); read as one by ``turn_labels`` only when at
# least MIN_TURN_LABELS paragraphs open with a label (one "Note: ..." is prose).
MIXED_CASE_LABEL = re.compile(
    rf"([^\W\d_][\w.'’\-]*(?: [\w.'’\-]+){{0,{SPEAKER_MAX_WORDS - 1}}})\s*:\s+(?=\S)")
MIN_TURN_LABELS = 2
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_HEADER_CELL = re.compile(r"[^\W\d][\w-]*")


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


def _speaker_like(cell: str) -> bool:
    return (bool(cell) and cell[0].isalpha() and not any(ch.isdigit() for ch in cell)
            and len(cell) <= SPEAKER_MAX_CHARS and len(cell.split()) <= SPEAKER_MAX_WORDS)


def table_problem(text: str) -> str | None:
    """Why the tab-separated lines of ``text`` are a data table rather than a transcript,
    or None when they read as speaker turns (or there are none). See SPEAKER_MAX_WORDS."""
    rows = [[cell.strip() for cell in line.split("\t")]
            for line in text.split("\n")[:400] if "\t" in line and line.strip()]
    if not rows:
        return None
    if len(rows) > 1 and all(_HEADER_CELL.fullmatch(cell) for cell in rows[0]) \
            and rows[0][0] not in {row[0] for row in rows[1:]}:  # a speaker speaks again
        return "its first line is a header of column names"
    turns = []
    for row in rows:
        if len(row) >= 3 and row[0].isdigit() and (len(row) == 3 or row[3] in {"0", "1"}) \
                and len(row) <= 4:
            row = row[1:3]  # CLEF: line number, speaker, text[, label]
        if len(row) != 2:
            return f"it has rows of {len(row)} columns"
        if row[0].upper() not in REACTION_SPEAKERS:
            turns.append(row)
    if not turns:
        return None  # only audience reactions: a transcript with no utterances
    speakers = sum(_speaker_like(speaker) for speaker, _ in turns)
    if speakers < MIN_SPEAKER_SHARE * len(turns):
        return "its first column does not hold speaker names"
    prose = sum(len(_LETTER_WORD.findall(said)) >= PROSE_MIN_WORDS for _, said in turns)
    if prose < MIN_PROSE_SHARE * len(turns):
        return "its second column is not prose"
    return None


def looks_like_transcript(text: str) -> bool:
    lines = [line for line in text.split("\n")[:400] if line.strip()]
    if len(lines) < MIN_SNIFF_LINES:
        return False
    if sum("\t" in line for line in lines) >= MIN_SPEAKER_SHARE * len(lines):
        return table_problem(text) is None
    speaking = sum(SPEAKER_LABEL.match(line.strip()) is not None for line in lines)
    return speaking >= MIN_SPEAKER_SHARE * len(lines)


def paragraph(utterance: Utterance) -> str:
    """``SPEAKER: text``. A mixed-case label is kept as written: upper-casing "McCain" and
    title-casing it back would give "Mccain". A label with no capital ("holt") is put in
    capitals, the way transcripts print labels, so it is still read as one."""
    text = " ".join(utterance.text.split())
    speaker = utterance.speaker
    if not speaker:
        return text
    label = speaker if _is_mixed_case_label(speaker) else speaker.upper()
    return f"{label}: {text}"


def _is_mixed_case_label(label: str) -> bool:
    """Whether ``turn_labels`` reads ``label`` as written: every word capitalised, a name
    particle ("de Blasio") or a number ("Speaker 1"), and one capitalised word at least.
    ``paragraph`` puts any other label in capitals ("Unidentified male" -> "UNIDENTIFIED
    MALE"), so every label it writes is read back."""
    # imported here: the cleaning package imports readers, which import this module
    from claimtrack.cleaning.lexicon import lexicon

    words = label.split(" ")
    match = MIXED_CASE_LABEL.match(label + ": x")
    if match is None or match.group(1) != label:
        return False
    particles = lexicon().name_particles
    return any(w[0].isupper() for w in words) and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in particles for w in words)


def turn_labels(text: str, paragraphs: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Paragraph number -> span of its speaker label ("CLINTON: ", "McCain: "). A label in
    capitals counts wherever it opens a paragraph; a mixed-case one ("Holt: ") only when
    the text is a transcript (MIN_TURN_LABELS and MIN_SPEAKER_SHARE of its paragraphs open
    with a label), since in news prose "Note: ..." or "Pence: ..." is a headline form."""
    labels: dict[int, tuple[int, int]] = {}
    mixed: dict[int, tuple[int, int]] = {}
    for number, (start, end) in enumerate(paragraphs):
        match = SPEAKER_LABEL.match(text, start, end)
        if match:
            labels[number] = (start, match.end())
            continue
        match = MIXED_CASE_LABEL.match(text, start, end)
        if match and _is_mixed_case_label(match.group(1)):
            mixed[number] = (start, match.end())
    turns = len(labels) + len(mixed)
    if mixed and turns >= max(MIN_TURN_LABELS, MIN_SPEAKER_SHARE * len(paragraphs)):
        labels.update(mixed)
    return labels


def speaker_name(label: str) -> str:
    """The name a speaker label stands for. A label with a lower-case letter is the
    input's own spelling and is kept ("McCain", "de Blasio"). An all-capitals label is
    put in name case: each run of letters capitalised ("O'ROURKE" -> "O'Rourke",
    "OCASIO-CORTEZ" -> "Ocasio-Cortez", "SEN. KAINE" -> "Sen. Kaine"), and "Mc" keeps the
    next letter a capital ("MCCAIN" -> "McCain": Mc names are written so). "Mac" is not
    split ("MACDONALD" -> "Macdonald"): Macron, Machado and Mack are not Mac names."""
    if any(ch.islower() for ch in label):
        return label
    return _LETTER_RUN.sub(lambda m: _name_case(m.group()), label)


def _name_case(word: str) -> str:
    if len(word) > 3 and word[:2].casefold() == "mc":
        return "Mc" + word[2:].capitalize()
    return word.capitalize()


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


def split_title(text: str) -> tuple[str | None, str]:
    """The transcript's title line (see TITLE_MAX_WORDS) and the text without it (the line
    left blank, so utterance line numbers stay the file's), or (None, text)."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, text
    line = lines[first].strip()
    if ("\t" in lines[first] or SPEAKER_LABEL.match(line) or line.endswith((".", "?", "!"))
            or len(line.split()) > TITLE_MAX_WORDS
            or not any(rest.strip() for rest in lines[first + 1:])):
        return None, text
    return " ".join(line.split()), "\n".join(lines[:first] + [""] + lines[first + 1:])


def title_from_path(path: str) -> str:
    """A title made of a file name: its stem, "_" and "-" runs as spaces."""
    from pathlib import PurePath

    return " ".join(re.split(r"[\s_-]+", PurePath(path).stem)).strip() or path
