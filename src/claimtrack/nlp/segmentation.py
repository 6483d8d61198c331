"""Sentence boundaries the parser must respect (runs before the parser).

- A sentence never spans paragraphs: a token after a line break starts a sentence.
- The small model's frequent bad splits are blocked: no sentence starts right after an
  opening quotation mark or bracket, with a closing quotation mark or bracket, or inside a
  short parenthesis. The parser keeps preset starts and preset non-starts.
"""

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
    before_ok = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_space
    return token.text in STRAIGHT_QUOTE_TOKENS and before_ok and not token.whitespace_


def _closing_straight_quote(doc: Doc, i: int) -> bool:
    """A straight quote closes when glued to the previous token and followed by space."""
    token = doc[i]
    after_ok = i + 1 == len(doc) or bool(token.whitespace_) or doc[i + 1].is_space \
        or doc[i + 1].is_punct
    return token.text in STRAIGHT_QUOTE_TOKENS and i > 0 and not doc[i - 1].whitespace_ and after_ok


@Language.component("claimtrack_segmentation")
def paragraph_boundaries(doc: Doc) -> Doc:
    if len(doc) < 2:
        return doc
    paragraph_starts: set[int] = set()
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            paragraph_starts.add(i + 1)
    blocked: set[int] = set()
    depth_start: int | None = None
    for i, token in enumerate(doc):
        if i in paragraph_starts:
            depth_start = None
        if i + 1 < len(doc) and (token.text in OPENING or _opening_straight_quote(doc, i)):
            blocked.add(i + 1)
        if token.text in CLOSING or _closing_straight_quote(doc, i):
            blocked.add(i)
        if token.text == "(":
            depth_start = i
        elif token.text == ")" and depth_start is not None:
            if i - depth_start <= MAX_PARENTHESIS:
                blocked.update(range(depth_start + 1, i + 1))
            depth_start = None
    for i in range(1, len(doc)):
        if i in paragraph_starts:
            doc[i].is_sent_start = True
        elif i in blocked and not doc[i].is_space:
            doc[i].is_sent_start = False
    return doc
