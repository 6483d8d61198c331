"""The annotated article page, ``/-/article/<article id>``.

An article's text with every claim marked and coloured by its source, cue words
underlined, entities and figures marked, and the sources listed beside it. The page is
built from the stored character offsets (``articles.text[start:end]``); every piece of
article text and metadata is HTML-escaped.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from claimtrack.text import headline_end
from claimtrack.web.article_data import authors, load_article
from claimtrack.web.card_corrections import SOURCE_ACTIONS, correction_text, source_correction
from claimtrack.web.charts import Bar, bar_chart
from claimtrack.web.checks import conflict_text
from claimtrack.web.common import (
    claims_database_name,
    fetch_rows,
    json_for_script,
    row_url,
    safe_http_url,
    source_page_url,
    static_url,
)
from claimtrack.web.marking import (
    LAYER_ATTRIBUTION,
    LAYER_CLAIM,
    LAYER_SPAN,
    Mark,
    render_marked,
    render_paragraphs,
)
from claimtrack.web.review import is_reviewer

ARTICLE_TEMPLATE = "claimtrack_article.html"


# ColorBrewer's "Paired" scheme (Brewer, colorbrewer2.org): six light/dark pairs, the light
# one fills a claim and the dark one draws its underline, swatch border and cue underline.
# Colours are given per article in order of first appearance, so the first six sources of
# an article are always six distinct colours; past six the colours repeat with another line
# style (dashed, dotted, double), a second cue that does not depend on colour.
PAIRED = (("#a6cee3", "#1f78b4"), ("#b2df8a", "#33a02c"), ("#fdbf6f", "#ff7f00"),
          ("#cab2d6", "#6a3d9a"), ("#fb9a99", "#e31a1c"), ("#ffff99", "#b15928"))
LINE_STYLES = ("solid", "dashed", "dotted", "double")

# spaCy's entity labels in words, for the tooltips.
ENTITY_TYPES = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place (country, city, state)",
    "LOC": "place", "NORP": "group (nationality, religion, politics)", "FAC": "building or site",
    "EVENT": "event", "LAW": "law or document", "WORK_OF_ART": "title of a work",
    "PRODUCT": "product", "LANGUAGE": "language", "DATE": "date", "TIME": "time",
}


def source_colours(position: int) -> dict:
    """Fill, line and line style of the article's ``position``-th source (from 0)."""
    fill, line = PAIRED[position % len(PAIRED)]
    style = LINE_STYLES[(position // len(PAIRED)) % len(LINE_STYLES)]
    return {"fill": fill, "line": line, "style": style}


def colour_style(colours: dict) -> str:
    return (f"--ct-fill:{colours['fill']};--ct-line:{colours['line']};"
            f"--ct-line-style:{colours['style']}")


def _source_order(claims: list[dict], by_claim: dict[int, list[dict]]) -> dict[int, dict]:
    """Colours by source id, in order of first appearance in the text."""
    order: dict[int, dict] = {}
    for claim in claims:
        for a in by_claim.get(claim["id"], []):
            if a.get("source_id") is not None and a["source_id"] not in order:
                order[a["source_id"]] = source_colours(len(order))
    return order



def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _css_token(value) -> str:
    return re.sub(r"[^a-z0-9_-]", "", str(value or "").lower())


def _claim_summary(claim: dict, attributions: list[dict], verdict: dict | None) -> str:
    """The hover text of a claim (a title attribute, so it works without JavaScript)."""
    parts = []
    if attributions:
        for a in attributions:
            parts.append(
                f"Source: {a.get('source_name') or 'unknown'}"
                f" — {a.get('mode') or '?'}, cue “{a.get('cue') or ''}”,"
                f" confidence {_fmt(a.get('confidence'))}"
            )
    else:
        parts.append("No source given")
    parts.append(
        f"Kind: {claim.get('kind') or '?'}{' (hedged)' if claim.get('hedged') else ''}"
        f" · check-worthiness {_fmt(claim.get('checkworthiness'))}"
    )
    if verdict:
        parts.append(f"Verdict: {verdict.get('rating')}")
    return "\n".join(parts)


def claim_card_sections(article: dict) -> dict[str, dict[int, object]]:
    """Extra sections of the claim card: {section name: {claim id: JSON-able value}}, added
    to each claim's details for article.js to show.

    - ``checked_before``: judged claims this claim matches (web/checks.checked_before);
    - ``conflicts``: its figures that conflict with figures elsewhere, in words."""
    conflicts: dict[int, list[dict]] = {}
    for c in article.get("conflicts", []):
        conflicts.setdefault(c["claim_id"], []).append(
            {"figure": c["figure"], "text": conflict_text(c), "url": c["other_url"],
             "claim": c["other_claim"], "reason": c["reason"]})
    matched = article.get("checked_before", {})
    ids = [c["id"] for c in article["claims"]]
    return {"checked_before": {cid: matched.get(cid, []) for cid in ids},
            "conflicts": {cid: conflicts.get(cid, []) for cid in ids}}


def _kinds_chart(claims: list[dict], by_claim: dict, sources: list[dict]):
    """Stacked bars: per source (and "no source"), its claims in this article by kind."""
    kinds = sorted({c.get("kind") or "other" for c in claims})
    counts: dict[object, Counter] = {}
    for claim in claims:
        keys = {a["source_id"] for a in by_claim.get(claim["id"], [])
                if a.get("source_id") is not None} or {None}
        for key in keys:
            counts.setdefault(key, Counter())[claim.get("kind") or "other"] += 1
    bars = [Bar(s["name"], tuple(counts.get(s["id"], Counter())[k] for k in kinds), s["url"])
            for s in sources]
    if None in counts:
        bars.append(Bar("No source given", tuple(counts[None][k] for k in kinds)))
    return bar_chart("Claims in this article by source and kind", bars, kinds)


def _entity_type(label) -> str:
    return ENTITY_TYPES.get(str(label or ""), str(label or "entity").lower())


def _valid_span(row: dict, start_key: str, end_key: str, length: int) -> bool:
    start, end = row.get(start_key), row.get(end_key)
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def build_article_view(datasette, database: str, article: dict) -> dict:
    """Everything the template needs: marks, the HTML body, sources, claim details."""
    text = article.get("text") or ""
    length = len(text)
    by_claim: dict[int, list[dict]] = {}
    for a in article["attributions"]:
        by_claim.setdefault(a["claim_id"], []).append(a)
    colours = _source_order(article["claims"], by_claim)
    corrections: dict[int, list[dict]] = {}
    for c in article.get("corrections", []):
        corrections.setdefault(c.get("claim_id"), []).append(c)
    figures_by_claim: dict[int, list[dict]] = {}
    for f in article["figures"]:
        figures_by_claim.setdefault(f.get("claim_id"), []).append(f)
    latest_verdict: dict[int, dict] = {}
    all_verdicts: dict[int, list[dict]] = {}
    for v in article["verdicts"]:
        latest_verdict[v.get("claim_id")] = v
        all_verdicts.setdefault(v.get("claim_id"), []).append(v)

    conflicts_by_figure: dict[int, list[dict]] = {}
    for c in article.get("conflicts", []):
        conflicts_by_figure.setdefault(c["figure_id"], []).append(c)

    marks: list[Mark] = []
    details: dict[str, dict] = {}
    claims_view = []
    for claim in article["claims"]:
        attributions = by_claim.get(claim["id"], [])
        best = attributions[0] if attributions else None
        verdict = latest_verdict.get(claim["id"])
        claim_url = row_url(datasette, database, "claims", claim["id"])
        corrected, superseded = source_correction(
            attributions, corrections.get(claim["id"], []), colours,
            lambda sid: source_page_url(datasette, sid))
        details[str(claim["id"])] = {
            "url": claim_url,
            "kind": claim.get("kind"),
            "hedged": bool(claim.get("hedged")),
            "checkworthiness": claim.get("checkworthiness"),
            "reason": claim.get("checkworthiness_reason"),
            "attributions": [
                {
                    "source_id": a.get("source_id"),
                    "source": a.get("source_name"),
                    "source_url": source_page_url(datasette, a["source_id"])
                    if a.get("source_id") is not None else None,
                    "description": a.get("source_description"),
                    "written_as": a.get("source_text"),
                    "cue": a.get("cue"),
                    "mode": a.get("mode"),
                    "confidence": a.get("confidence"),
                    "colours": colours.get(a.get("source_id")),
                    "rule": a.get("rule"),  # which attribution rule linked it, when recorded
                    "superseded": a.get("source_id") in superseded,
                }
                for a in attributions
            ],
            "correction": corrected,  # a reviewer's corrected source: shown first
            "verdicts": [
                {k: v.get(k) for k in ("rating", "reviewer", "note", "created_at")}
                for v in all_verdicts.get(claim["id"], [])
            ],
            "corrections": [  # the rest (figures): source corrections are in "correction"
                {"text": correction_text(c), "reviewer": c.get("reviewer"),
                 "created_at": c.get("created_at")}
                for c in corrections.get(claim["id"], []) if c.get("action") not in SOURCE_ACTIONS
            ],
            "figures": [{"id": f["id"], "text": f.get("text")}
                        for f in figures_by_claim.get(claim["id"], [])],
        }
        classes = ["ct-claim", f"ct-kind-{_css_token(claim.get('kind'))}"]
        attrs = [("data-claim", str(claim["id"]))]
        if best is not None and best.get("source_id") is not None:
            attrs.append(("data-source", str(best["source_id"])))
            attrs.append(("style", colour_style(colours[best["source_id"]])))
        else:
            classes.append("ct-unsourced")
        if claim["id"] in corrections:
            classes.append("ct-corrected")
        if verdict is not None:
            classes.append("ct-has-verdict")
            attrs.append(("data-verdict", str(verdict.get("rating") or "")))
        summary = _claim_summary(claim, attributions, verdict)
        matched = article.get("checked_before", {}).get(claim["id"])
        if matched:
            # The best match's rating, as a badge when the claim has no verdict of its own.
            checked_before = f"checked before: {matched[0].get('rating') or 'no rating'}"
            classes.append("ct-checked-before")
            summary += "\n" + checked_before[0].upper() + checked_before[1:]
            if verdict is None:
                attrs.append(("data-checked", checked_before))
        attrs = [("class", " ".join(classes)), *attrs, ("tabindex", "0"), ("title", summary)]
        if _valid_span(claim, "start", "end", length):
            marks.append(Mark(claim["start"], claim["end"], LAYER_CLAIM, "mark", tuple(attrs),
                              (("id", f"claim-{claim['id']}"),)))
        claims_view.append({
            **claim,
            "url": claim_url,
            "anchor": f"claim-{claim['id']}",
            "attributions": attributions,
            "verdict": verdict,
            "colours": colours.get(best["source_id"]) if best else None,
        })

    for a in article["attributions"]:
        found = colours.get(a.get("source_id"))
        style = (("style", colour_style(found)),) if found else ()
        source_attr = (("data-source", str(a.get("source_id") or "")),)
        if _valid_span(a, "cue_start", "cue_end", length):
            marks.append(Mark(a["cue_start"], a["cue_end"], LAYER_ATTRIBUTION, "span",
                              (("class", "ct-cue"), *source_attr, *style,
                               ("title", f"Cue: {a.get('cue') or ''} ({a.get('mode') or '?'})"))))
        if _valid_span(a, "source_start", "source_end", length):
            marks.append(Mark(a["source_start"], a["source_end"], LAYER_ATTRIBUTION, "span",
                              (("class", "ct-source-mention"), *source_attr, *style,
                               ("title", f"Source: {a.get('source_name') or ''}"))))
    for e in article["entities"]:
        if _valid_span(e, "start", "end", length):
            canonical = e.get("canonical") or e.get("text") or ""
            marks.append(Mark(e["start"], e["end"], LAYER_SPAN, "span", (
                ("class", "ct-entity"), ("data-label", str(e.get("label") or "")),
                ("title", f"{_entity_type(e.get('label'))}: {canonical}"))))
    for f in article["figures"]:
        if _valid_span(f, "start", "end", length):
            described = " ".join(
                str(x) for x in (f.get("qualifier"), _figure_value(f.get("value")), f.get("unit"))
                if x not in (None, "")
            )
            extra = ", ".join(str(x) for x in (f.get("metric"), f.get("year")) if x)
            title = f"Figure: {described}" + (f" ({extra})" if extra else "")
            found = conflicts_by_figure.get(f["id"], [])
            title += "".join(f"\n⚠ {conflict_text(c)}" for c in found)
            marks.append(Mark(f["start"], f["end"], LAYER_SPAN, "span", (
                ("class", "ct-figure ct-conflict" if found else "ct-figure"),
                ("title", title))))

    sources: dict[int, dict] = {}
    for a in article["attributions"]:
        if a.get("source_id") is None:
            continue
        entry = sources.setdefault(a["source_id"], {
            "id": a["source_id"],
            "name": a.get("source_name") or f"source {a['source_id']}",
            "kind": a.get("source_kind"),
            "description": a.get("source_description"),
            "url": source_page_url(datasette, a["source_id"]),
            "style": colour_style(colours[a["source_id"]]),
            "order": list(colours).index(a["source_id"]),
            "claim_ids": set(),
        })
        entry["claim_ids"].add(a["claim_id"])
    source_list = sorted(sources.values(), key=lambda s: (-len(s["claim_ids"]), s["name"]))
    for s in source_list:
        s["claims"] = len(s.pop("claim_ids"))
    unsourced = sum(1 for c in article["claims"] if c["id"] not in by_claim)
    chart = _kinds_chart(article["claims"], by_claim, source_list)

    for section, by_id in claim_card_sections(article).items():
        for claim_id, value in by_id.items():
            details.get(str(claim_id), {})[section] = value
    # The headline is the text's first paragraph: shown once, as the page heading, with
    # its marks (a headline claim opens its card like any other).
    headline = headline_end(text, article.get("title"))
    return {
        "headline_html": Markup(render_marked(text, marks, 0, headline, set()))
        if headline else None,
        "headline_end": headline,
        "body_html": render_paragraphs(text, marks, headline),
        "claims": claims_view,
        "sources": source_list,
        "unsourced_claims": unsourced,
        "claim_details": json_for_script(details),
        "has_verdicts": bool(article["verdicts"]),
        "has_conflicts": bool(article.get("conflicts")),
        "chart": chart,
        "counts": {
            "claims": len(article["claims"]),
            "sources": len(source_list),
            "entities": len(article["entities"]),
            "figures": len(article["figures"]),
        },
    }


def _figure_value(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


async def article_page(datasette, request):
    database = claims_database_name(datasette)
    if database is None:
        raise NotFound("No database is being served")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, "articles")), ("view-database", database), "view-instance"],
    )
    db = datasette.get_database(database)
    if not await db.table_exists("articles"):
        raise NotFound(f"Database {database} has no articles table")
    article_id = unquote(request.url_vars["article_id"])
    article = await load_article(datasette, db, article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id}")
    view = build_article_view(datasette, database, article)
    reviewer = is_reviewer(datasette, request.actor)
    context = {
        "reviewer": reviewer,
        "review_url": datasette.urls.path("-/claimtrack/review"),
        "review_sources": (await fetch_rows(db, "select id, name from sources order by name",
                                            {})) if reviewer else [],
        "database": database,
        "article": article,
        "authors": authors(article.get("authors")),
        "original_url": safe_http_url(article.get("url")),
        "article_row_url": row_url(datasette, database, "articles", article_id),
        "articles_url": datasette.urls.table(database, "articles"),
        "css_url": static_url(datasette, "article.css"),
        "js_url": static_url(datasette, "article.js"),
        **view,
    }
    return Response.html(
        await datasette.render_template(ARTICLE_TEMPLATE, context, request=request)
    )


