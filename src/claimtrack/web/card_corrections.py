"""Reviewers' corrections on the claim card: what they say in words, and which source the
card shows first.

When a reviewer has corrected a claim's source, the card leads with the corrected source
(the reviewer's answer, applied in order as the exports apply it:
``corrections.effective_source_ids``) and marks the pipeline's sources it replaced as
superseded; a pipeline source the correction keeps stays as it was.
"""

from __future__ import annotations

from claimtrack.corrections import effective_source_ids

CORRECTION_WORDS = {
    "source": "the source is {source}",
    "add_source": "also attributed to {source}",
    "remove_source": "not attributed to {source}",
    "author": "the author's own voice (no source)",
    "figure_wrong": "figure wrong: {figure}",
}
# Corrections that change which source a claim has (figure_wrong does not).
SOURCE_ACTIONS = ("source", "add_source", "remove_source", "author")


def correction_text(c: dict) -> str:
    words = CORRECTION_WORDS.get(c.get("action"), str(c.get("action")))
    text = words.format(source=c.get("source_name") or "?", figure=c.get("figure_text") or "?")
    return text + (f" — {c['note']}" if c.get("note") else "")


def source_correction(attributions: list[dict], corrections: list[dict], colours: dict,
                      source_url) -> tuple[dict | None, set]:
    """The card's corrected source for one claim, or None when no correction touches its
    source; and the pipeline source ids the corrections superseded. ``source_url(id)`` is
    a source page's URL."""
    changes = [c for c in corrections if c.get("action") in SOURCE_ACTIONS]
    if not changes:
        return None, set()
    pipeline = [a["source_id"] for a in attributions if a.get("source_id") is not None]
    wanted = effective_source_ids(pipeline, changes)
    names = {a["source_id"]: a.get("source_name") for a in attributions}
    names.update({c["source_id"]: c.get("source_name") for c in changes
                  if c.get("source_id") is not None})
    latest = changes[-1]
    corrected = {
        "sources": [{"source": names.get(sid) or f"source {sid}", "source_url": source_url(sid),
                     "colours": colours.get(sid)} for sid in wanted],
        "text": "; ".join(correction_text(c) for c in changes),
        "reviewer": latest.get("reviewer"),
        "created_at": latest.get("created_at"),
    }
    return corrected, set(pipeline) - set(wanted)
