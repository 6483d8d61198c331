"""Marking text by character offsets: well-nested HTML whose text is exactly the input.

Used by the annotated article page; every piece of text is HTML-escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from claimtrack.text import paragraph_spans

# Nesting order of marks: a claim holds cues and source mentions, which hold entities and
# figures. Marks of one layer that overlap are split where they cross.
LAYER_CLAIM, LAYER_ATTRIBUTION, LAYER_SPAN = 0, 1, 2



@dataclass(frozen=True)
class Mark:
    """An element to wrap around ``text[start:end]``.

    ``attrs`` go on every piece of the element; ``first_attrs`` (an ``id``) only on the
    first piece when overlapping marks or paragraph breaks split it.
    """

    start: int
    end: int
    layer: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    first_attrs: tuple[tuple[str, str], ...] = ()


def _open_tag(mark: Mark, first: bool) -> str:
    attrs = list(mark.attrs) + (list(mark.first_attrs) if first else [])
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs)
    return f"<{mark.tag}{rendered}>"


def render_marked(
    text: str, marks: Sequence[Mark], start: int = 0, end: int | None = None,
    opened: set[int] | None = None,
) -> str:
    """HTML for ``text[start:end]`` with ``marks`` as well-nested elements.

    The range is cut at every mark boundary; each piece is wrapped in the marks that cover
    it, outermost layer first. Where two marks cross, the inner one is closed and reopened,
    so the result is always well formed and its text is exactly ``text[start:end]``.
    ``opened`` (indexes into ``marks``) carries across calls so ids appear once.
    """
    end = len(text) if end is None else end
    opened = set() if opened is None else opened
    live = [
        i for i, m in enumerate(marks)
        if m.start < end and m.end > start and m.end > m.start
    ]
    bounds = sorted(
        {start, end}
        | {max(marks[i].start, start) for i in live}
        | {min(marks[i].end, end) for i in live}
    )

    def nesting(i: int) -> tuple:
        m = marks[i]
        return (m.layer, m.start, -m.end, i)

    out: list[str] = []
    stack: list[int] = []
    for lo, hi in itertools.pairwise(bounds):
        active = sorted((i for i in live if marks[i].start <= lo and marks[i].end >= hi),
                        key=nesting)
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        for i in reversed(stack[keep:]):
            out.append(f"</{marks[i].tag}>")
        del stack[keep:]
        for i in active[keep:]:
            out.append(_open_tag(marks[i], first=i not in opened))
            opened.add(i)
            stack.append(i)
        out.append(str(escape(text[lo:hi])))
    out.extend(f"</{marks[i].tag}>" for i in reversed(stack))
    return "".join(out)


def render_paragraphs(text: str, marks: Sequence[Mark], start: int = 0) -> Markup:
    """The text from ``start`` as ``<p>`` elements, marks split at paragraph breaks."""
    opened: set[int] = set()
    paragraphs = [
        f'<p data-start="{s}" data-end="{e}">{render_marked(text, marks, s, e, opened)}</p>'
        for s, e in paragraph_spans(text) if s >= start
    ]
    return Markup("\n".join(paragraphs))
