"""Stage 6, carry-over: quotations that continue an attributed quotation.

Later quotations in the same paragraph with no words between, and a quotation left open
at a paragraph end that resumes at the start of the next paragraph (the news
convention). Conservative: the chain stops at a sentence or paragraph with its own cue.
Also the filter that drops a report nested in another report's content.
"""

from __future__ import annotations

from claimtrack.nlp.attribution.context import Candidate, DocContext, trim_span
from claimtrack.nlp.attribution.rules import confidence, cue_rule, register_rule
from claimtrack.text import is_real_quote, word_count


def colon_introduced(ctx: DocContext, cand: Candidate, para: int) -> bool:
    """Whether the content is a quotation paragraph introduced by the cue's paragraph
    ending in a colon ('The mayor wrote to residents: ¶ "..."')."""
    cue_para = ctx.paragraph_of(cand.cue_start)
    return (cue_para + 1 == para and ctx.text[: ctx.paragraphs[cue_para][1]].endswith(":")
            and whole_quote_paragraph(ctx, para) is not None)


def whole_quote_paragraph(ctx: DocContext, para: int) -> tuple[int, int] | None:
    """The paragraph's span when it is all quotation (opens with a real quotation and has
    no words of the author's outside its quotations), else None."""
    start, end = ctx.paragraphs[para]
    inside = [q for q in ctx.quotes if q.paragraph == para]
    if not inside or inside[0].start != start or not is_real_quote(ctx.text, inside[0]):
        return None
    outside, pos = 0, start
    for q in inside:
        outside += word_count(ctx.text[pos : q.start])
        pos = q.end
    outside += word_count(ctx.text[pos:end])
    return (start, end) if outside == 0 else None


def nested_in_other(cand: Candidate, kept: list[Candidate]) -> bool:
    """A report inside another report ('Trump said that Clinton once described X as Y'):
    the claim is the outer speaker's, who relays the inner one. An inner content that
    runs over the outer cue is the parser's doing when the outer cue closes the sentence
    ('X noted that Y, reported the Gazette': "reported" hung inside Y)."""
    return any(
        other is not cand and other.content_start <= cand.cue_start < other.content_end
        and (other.content_start <= cand.content_start and cand.content_end <= other.content_end
             and not (cand.content_start <= other.cue_start < cand.content_end)
             or other.rule == "closing_inverted" and cand.cue_start < other.cue_start)
        for other in kept
    )


@cue_rule("carryover", stage="carryover", lexicon=None,
          summary="a later quotation in the same paragraph, no words between",
          example='"We lost the vote," Mayor Ruth Okafor **said**. "We will try again next year."')
def carryovers(ctx: DocContext, explicit: list[Candidate]) -> list[Candidate]:
    """Quotes that carry on an attributed quote: later quotes in the same paragraph and a
    quote left open at a paragraph end that resumes in the next paragraph. Conservative:
    it stops at the first sentence with its own attribution or in the author's voice."""
    doc = ctx.doc
    text = ctx.text
    out: list[Candidate] = []
    covered = [(c.content_start, c.content_end) for c in explicit]
    cue_positions = [c.cue_start for c in explicit]

    def attributed(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in covered):
            return True
        return any(start <= p < end for p in cue_positions)

    for cand in explicit:
        if cand.source is None:
            continue
        if cand.mode != "direct":
            # "Polly Fenwick argues that the plan is doomed: ¶ "..." ¶ "...": a report
            # ending its paragraph in a colon introduces the block quotation after it
            para = ctx.paragraph_of(cand.cue_start)
            if ctx.paragraph_of(cand.content_start) == para and ctx.text[
                    : ctx.paragraphs[para][1]].endswith(":"):
                out.extend(carry(ctx, cand, quote_block(ctx, para + 1, attributed), covered))
            continue
        para = ctx.paragraph_of(cand.content_start)
        p_start, p_end = ctx.paragraphs[para]
        later = [q for q in ctx.quotes if q.start >= cand.content_end and q.paragraph == para]
        cursor = cand.content_end
        if cand.cue_start >= cand.content_end:
            # '"A," Smith said. "B."': carry on after the sentence holding the cue
            cue_sent = doc.char_span(cand.cue_start, cand.cue_end, alignment_mode="expand")
            if cue_sent is not None:
                cursor = max(cursor, cue_sent.sent.end_char)
        chain: list[tuple[int, int, str]] = []  # start, end, rule id
        for q in later:
            if q.start < cursor and q.end <= cursor + 1:
                continue  # a quoted title in the cue's own sentence ('on "Meet the Press"')
            between = text[cursor : q.start]
            q_sent = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
            sent_end = q_sent.sent.end_char if q_sent is not None else q.end
            if word_count(between) > 0 or attributed(q.start, max(q.end, sent_end)):
                break
            if not is_real_quote(text, q):
                break
            chain.append((q.start, q.end, "carryover"))
            cursor = q.end
        # the quote left open at the paragraph end resumes in the next paragraph(s)
        last_open = next((q for q in ctx.quotes if q.paragraph == para and not q.closed
                          and q.end >= cand.content_end - 1), None)
        next_para = para + 1
        while last_open is not None and next_para < len(ctx.paragraphs):
            n_start, n_end = ctx.paragraphs[next_para]
            first = next((q for q in ctx.quotes if q.paragraph == next_para), None)
            if first is None or first.start != n_start or attributed(n_start, n_end):
                break  # a paragraph with its own cue ('..." she continued.') is its own
            chain.append((first.start, first.end, "carryover_paragraph"))
            last_open = first if not first.closed and first.start == n_start else None
            next_para += 1
        if colon_introduced(ctx, cand, para):
            # 'She wrote: ¶ "A." ¶ "B."': each following paragraph that is a quotation
            chain.extend(quote_block(ctx, next_para, attributed))
        out.extend(carry(ctx, cand, chain, covered))
    return out


def quote_block(ctx: DocContext, para: int, attributed) -> list[tuple[int, int, str]]:
    """The paragraphs from ``para`` on that are wholly quotation, up to the first with
    words of the author's or a cue of its own (a block quotation after a colon)."""
    chain = []
    while para < len(ctx.paragraphs):
        block = whole_quote_paragraph(ctx, para)
        if block is None or attributed(*ctx.paragraphs[para]):
            break
        chain.append((*block, "colon_block"))
        para += 1
    return chain


def carry(ctx: DocContext, cand: Candidate, chain: list[tuple[int, int, str]],
          covered: list[tuple[int, int]]) -> list[Candidate]:
    """The carried links of ``cand``'s speaker over ``chain`` (start, end, rule id)."""
    out = []
    for start, end, rule in chain:
        start, end = trim_span(ctx.text, start, end)
        if end <= start:
            continue
        # the speaker's mention stays that of the quote it carries on
        out.append(Candidate(cand.cue_start, cand.cue_end, start, end, rule, None,
                             mode="carryover", source=cand.source.copy(),
                             source_start=cand.source_start, source_end=cand.source_end,
                             source_text=cand.source_text, confidence=confidence(rule)))
        covered.append((start, end))
    return out




# found in the same walk as "carryover" (the chain runs on into the next paragraph)
register_rule("carryover_paragraph", stage="carryover", made_by="carryover",
              summary="a quotation left open at a paragraph end, resumed in the next one",
              example='"The roof leaked for years," tenant Omar Haddad **said**. "We wrote every '
                      'winter. ¶ "Nobody listened and nobody came to look."')
register_rule("colon_block", stage="carryover", made_by="carryover",
              summary="after a cue paragraph ending in a colon, each following paragraph "
                      "that is a quotation (a block quote of closed paragraphs)",
              example='The mayor **wrote** to residents: ¶ "The library stays open on '
                      'Sundays." ¶ "The pool reopens in May, once the roof is fixed."')
