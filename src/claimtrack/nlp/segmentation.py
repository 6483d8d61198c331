"""Sentence boundaries the parser must respect (runs before the parser).

- A sentence never spans paragraphs: a token after a line break starts a sentence, and so
  does the line-break token itself (a whitespace-only sentence, which no claim keeps).
- The small model's frequent bad splits are blocked: no sentence starts right after an
  opening quotation mark or bracket, with a closing quotation mark or bracket, or inside a
  short parenthesis. The parser keeps preset starts and preset non-starts.
"""

from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.text import CLOSING_QUOTE_TOKENS, OPENING_QUOTE_TOKENS, STRAIGHT_QUOTE_TOKENS

OPENING = OPENING_QUOTE_TOKENS | {"(", "["}
CLOSING = CLOSING_QUOTE_TOKENS | {")", "]"}
MAX_PARENTHESIS = 40  # tokens; a longer "parenthesis" is more likely a missing ")"


def _opening_straight_quote(doc: Doc, i: int) -> bool:
    """A straight quote opens when it is preceded by space (or starts the text) and is
    glued to the next token."""
    token = doc[i]
    if token.text not in STRAIGHT_QUOTE_TOKENS:  # first: the rest reads other tokens
        return False
    before_ok = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_space
    return before_ok and not token.whitespace_


def _closing_straight_quote(doc: Doc, i: int) -> bool:
    """A straight quote closes when glued to the previous token and followed by space."""
    token = doc[i]
    if token.text not in STRAIGHT_QUOTE_TOKENS or i == 0 or doc[i - 1].whitespace_:
        return False
    return i + 1 == len(doc) or bool(token.whitespace_) or doc[i + 1].is_space \
        or doc[i + 1].is_punct


@Language.component("claimtrack_segmentation")
def paragraph_boundaries(doc: Doc) -> Doc:
    if len(doc) < 2:
        return doc
    # Token texts from one array of orth ids (iterating the doc builds a Token object per
    # token); a token's whitespace_ is at most one space, so only its text holds a "\n".
    orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    text_of = {orth: strings[orth] for orth in set(orths)}
    texts = [text_of[orth] for orth in orths]
    # The line-break token starts a sentence too: left to the parser it joins the paragraph
    # before it, and after a line with no final stop (a headline) the parser then splits
    # the next paragraph's first sentence apart ("Kazakhstan" / "and" / "China have ...").
    paragraph_starts = {j for i in range(len(texts) - 1) if "\n" in texts[i] for j in (i, i + 1)}
    blocked: set[int] = set()
    depth_start: int | None = None
    for i, text in enumerate(texts):
        if i in paragraph_starts:
            depth_start = None
        if i + 1 < len(texts) and (text in OPENING or (
                text in STRAIGHT_QUOTE_TOKENS and _opening_straight_quote(doc, i))):
            blocked.add(i + 1)
        if text in CLOSING or (text in STRAIGHT_QUOTE_TOKENS and _closing_straight_quote(doc, i)):
            blocked.add(i)
        if text == "(":
            depth_start = i
        elif text == ")" and depth_start is not None:
            if i - depth_start <= MAX_PARENTHESIS:
                blocked.update(range(depth_start + 1, i + 1))
            depth_start = None
    # 1 = starts a sentence, -1 = does not (Token.is_sent_start True / False).
    preset = {}
    for i in sorted(paragraph_starts | blocked):
        if i < 1:
            continue
        if i in paragraph_starts:
            preset[i] = 1
        elif not doc[i].is_space:
            preset[i] = -1
    if doc.has_annotation("DEP"):
        # Parsed already: the setter refuses (spaCy E043), as it always has here.
        for i, value in preset.items():
            doc[i].is_sent_start = value == 1
        return doc
    # One array write: each is_sent_start assignment scans the whole doc for a parse.
    starts = doc.to_array(SENT_START).astype("int64")
    for i, value in preset.items():
        starts[i] = value
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
