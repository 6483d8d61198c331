"""Datasette plugin: the annotated article page, and links to it from tables and queries.

``/-/article/<article id>`` shows an article's text with every claim marked and coloured by
its source, cue words underlined, entities and figures marked, and the sources listed beside
it. The page is built from the stored character offsets (``articles.text[start:end]``);
every piece of article text and metadata is HTML-escaped.

It serves the database named ``claims`` when there is one, else the first database, so it
works with ``claimtrack serve`` and with ``datasette claims.db -m metadata.yml``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from claimtrack.text import paragraph_spans

DATABASE = "claims"
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
ARTICLE_TEMPLATE = "claimtrack_article.html"
TEXT_PREVIEW_CHARS = 280

# Nesting order of marks: a claim holds cues and source mentions, which hold entities and
# figures. Marks of one layer that overlap are split where they cross.
LAYER_CLAIM, LAYER_ATTRIBUTION, LAYER_SPAN = 0, 1, 2


# ---------------------------------------------------------------------------------------
# Marking text by offsets


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


def render_paragraphs(text: str, marks: Sequence[Mark]) -> Markup:
    """The whole text as ``<p>`` elements, marks split at paragraph breaks."""
    opened: set[int] = set()
    paragraphs = [
        f'<p data-start="{s}" data-end="{e}">{render_marked(text, marks, s, e, opened)}</p>'
        for s, e in paragraph_spans(text)
    ]
    return Markup("\n".join(paragraphs))


def source_hue(source_id: int) -> int:
    """A stable hue per source id: golden-angle steps keep neighbouring ids far apart."""
    return int(source_id * 137.508) % 360


# ---------------------------------------------------------------------------------------
# Which database, and URLs


def claims_database_name(datasette) -> str | None:
    """``claims`` when served, else the first database that is not Datasette's own."""
    names = [name for name in datasette.databases if not name.startswith("_")]
    if DATABASE in names:
        return DATABASE
    return names[0] if names else None


def article_page_url(datasette, article_id: str, claim_id: int | None = None) -> str:
    url = datasette.urls.path(f"-/article/{quote(str(article_id), safe='')}")
    return f"{url}#claim-{claim_id}" if claim_id is not None else url


def _row_url(datasette, database: str, table: str, pk) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(pk)))


@functools.lru_cache(maxsize=8)
def _static_digest(filename: str) -> str:
    return hashlib.sha256((STATIC_DIR / filename).read_bytes()).hexdigest()[:10]


def _static_url(datasette, filename: str) -> str:
    # The digest in the URL lets browsers cache the file until the package changes it.
    return datasette.urls.path(f"-/claimtrack/{filename}?v={_static_digest(filename)}")


def _safe_http_url(url: str | None) -> str | None:
    """Only http(s) links: an article's url must never become a javascript: link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _json_for_script(data) -> Markup:
    """JSON that cannot close its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


# ---------------------------------------------------------------------------------------
# The article page


def _authors(value) -> list[str]:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    if isinstance(parsed, list):
        return [str(a) for a in parsed if a]
    return [str(parsed)]


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _css_token(value) -> str:
    return re.sub(r"[^a-z0-9_-]", "", str(value or "").lower())


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def _load_article(db, article_id: str) -> dict | None:
    found = await _rows(db, "select * from articles where id = :id", {"id": article_id})
    if not found:
        return None
    params = {"id": article_id}
    article = found[0]
    article["claims"] = await _rows(
        db, "select * from claims where article_id = :id order by start, id", params
    )
    article["attributions"] = await _rows(
        db,
        """
        select attributions.*, sources.name as source_name, sources.kind as source_kind,
               sources.description as source_description
        from attributions
        left join sources on sources.id = attributions.source_id
        where attributions.claim_id in (select id from claims where article_id = :id)
        order by attributions.confidence desc, attributions.id
        """,
        params,
    )
    article["entities"] = await _rows(
        db, "select * from entities where article_id = :id order by start, id", params
    )
    article["figures"] = await _rows(
        db, "select * from figures where article_id = :id order by start, id", params
    )
    article["verdicts"] = []
    # The verdicts table is added by `claimtrack verdict`; older databases lack it.
    if await db.table_exists("verdicts"):
        verdicts = await _rows(
            db,
            "select * from verdicts where claim_id in "
            "(select id from claims where article_id = :id)",
            params,
        )
        article["verdicts"] = sorted(verdicts, key=lambda v: str(v.get("created_at") or ""))
    return article


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
    latest_verdict: dict[int, dict] = {}
    all_verdicts: dict[int, list[dict]] = {}
    for v in article["verdicts"]:
        latest_verdict[v.get("claim_id")] = v
        all_verdicts.setdefault(v.get("claim_id"), []).append(v)

    marks: list[Mark] = []
    details: dict[str, dict] = {}
    claims_view = []
    for claim in article["claims"]:
        attributions = by_claim.get(claim["id"], [])
        best = attributions[0] if attributions else None
        verdict = latest_verdict.get(claim["id"])
        claim_url = _row_url(datasette, database, "claims", claim["id"])
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
                    "source_url": _row_url(datasette, database, "sources", a["source_id"])
                    if a.get("source_id") is not None else None,
                    "description": a.get("source_description"),
                    "written_as": a.get("source_text"),
                    "cue": a.get("cue"),
                    "mode": a.get("mode"),
                    "confidence": a.get("confidence"),
                    "hue": source_hue(a["source_id"]) if a.get("source_id") is not None
                    else None,
                }
                for a in attributions
            ],
            "verdicts": [
                {k: v.get(k) for k in ("rating", "reviewer", "note", "created_at")}
                for v in all_verdicts.get(claim["id"], [])
            ],
        }
        classes = ["ct-claim", f"ct-kind-{_css_token(claim.get('kind'))}"]
        attrs = [("data-claim", str(claim["id"]))]
        if best is not None and best.get("source_id") is not None:
            attrs.append(("data-source", str(best["source_id"])))
            attrs.append(("style", f"--ct-hue:{source_hue(best['source_id'])}"))
        else:
            classes.append("ct-unsourced")
        if verdict is not None:
            classes.append("ct-has-verdict")
            attrs.append(("data-verdict", str(verdict.get("rating") or "")))
        attrs = [("class", " ".join(classes)), *attrs, ("tabindex", "0"),
                 ("title", _claim_summary(claim, attributions, verdict))]
        if _valid_span(claim, "start", "end", length):
            marks.append(Mark(claim["start"], claim["end"], LAYER_CLAIM, "mark", tuple(attrs),
                              (("id", f"claim-{claim['id']}"),)))
        claims_view.append({
            **claim,
            "url": claim_url,
            "anchor": f"claim-{claim['id']}",
            "attributions": attributions,
            "verdict": verdict,
            "hue": source_hue(best["source_id"]) if best and best.get("source_id") is not None
            else None,
        })

    for a in article["attributions"]:
        hue = source_hue(a["source_id"]) if a.get("source_id") is not None else None
        style = (("style", f"--ct-hue:{hue}"),) if hue is not None else ()
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
                ("title", f"{e.get('label') or 'Entity'}: {canonical}"))))
    for f in article["figures"]:
        if _valid_span(f, "start", "end", length):
            described = " ".join(
                str(x) for x in (f.get("qualifier"), _figure_value(f.get("value")), f.get("unit"))
                if x not in (None, "")
            )
            extra = ", ".join(str(x) for x in (f.get("metric"), f.get("year")) if x)
            title = f"Figure: {described}" + (f" ({extra})" if extra else "")
            marks.append(Mark(f["start"], f["end"], LAYER_SPAN, "span",
                              (("class", "ct-figure"), ("title", title))))

    sources: dict[int, dict] = {}
    for a in article["attributions"]:
        if a.get("source_id") is None:
            continue
        entry = sources.setdefault(a["source_id"], {
            "id": a["source_id"],
            "name": a.get("source_name") or f"source {a['source_id']}",
            "kind": a.get("source_kind"),
            "description": a.get("source_description"),
            "url": _row_url(datasette, database, "sources", a["source_id"]),
            "hue": source_hue(a["source_id"]),
            "claim_ids": set(),
        })
        entry["claim_ids"].add(a["claim_id"])
    source_list = sorted(sources.values(), key=lambda s: (-len(s["claim_ids"]), s["name"]))
    for s in source_list:
        s["claims"] = len(s.pop("claim_ids"))
    unsourced = sum(1 for c in article["claims"] if c["id"] not in by_claim)

    return {
        "body_html": render_paragraphs(text, marks),
        "claims": claims_view,
        "sources": source_list,
        "unsourced_claims": unsourced,
        "claim_details": _json_for_script(details),
        "has_verdicts": bool(article["verdicts"]),
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
    article = await _load_article(db, article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id}")
    view = build_article_view(datasette, database, article)
    context = {
        "database": database,
        "article": article,
        "authors": _authors(article.get("authors")),
        "original_url": _safe_http_url(article.get("url")),
        "article_row_url": _row_url(datasette, database, "articles", article_id),
        "articles_url": datasette.urls.table(database, "articles"),
        "css_url": _static_url(datasette, "article.css"),
        "js_url": _static_url(datasette, "article.js"),
        **view,
    }
    return Response.html(
        await datasette.render_template(ARTICLE_TEMPLATE, context, request=request)
    )


async def static_file(request):
    filename = request.url_vars["filename"]
    path = STATIC_DIR / filename
    if Path(filename).name != filename or path.suffix not in STATIC_TYPES or not path.is_file():
        raise NotFound(f"No static file {filename}")
    return Response(
        path.read_text(encoding="utf-8"),
        content_type=STATIC_TYPES[path.suffix],
        headers={"cache-control": "max-age=86400"},
    )


# ---------------------------------------------------------------------------------------
# Hooks


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Datasette finds a plugin's templates/ only next to a package's __init__; this plugin
    # is a module, so its templates are added after the user's and Datasette's own.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES_DIR))])


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/-/claimtrack/(?P<filename>[A-Za-z0-9_-]+\.(?:css|js))$", static_file),
    ]


def _row_value(row, key):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


# Query and view columns that name a row of a table: linked to that row.
_ID_COLUMNS = {
    "claim_id": "claims",
    "source_id": "sources",
    "figure_id": "figures",
    "attribution_id": "attributions",
}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != claims_database_name(datasette) or value in (None, ""):
        return None
    if table == "articles" and column == "title":
        article_id = _row_value(row, "id")
        if article_id is None:
            return None
        return Markup('<a href="{}" title="Annotated article">{}</a>').format(
            article_page_url(datasette, article_id), value
        )
    if table == "articles" and column == "text" and isinstance(value, str):
        # Whole article bodies make the table unreadable: a preview and the annotated page.
        article_id = _row_value(row, "id")
        if article_id is None or len(value) <= TEXT_PREVIEW_CHARS:
            return None
        preview = value[:TEXT_PREVIEW_CHARS].rsplit(" ", 1)[0]
        return Markup('{}… <a href="{}">({:,} characters: read annotated)</a>').format(
            preview, article_page_url(datasette, article_id), len(value)
        )
    if column == "article_id":
        if isinstance(value, dict):  # a foreign key Datasette expanded to its label
            article_id, label = value.get("value"), value.get("label") or value.get("value")
        else:
            article_id, label = value, value
        claim_id = _row_value(row, "id") if table == "claims" else _row_value(row, "claim_id")
        if isinstance(claim_id, dict):
            claim_id = claim_id.get("value")
        return Markup('<a href="{}">{}</a> · <a href="{}" title="{}">annotated</a>').format(
            _row_url(datasette, database, "articles", article_id),
            label,
            article_page_url(
                datasette, article_id, claim_id if isinstance(claim_id, int) else None
            ),
            "Open the annotated article",
        )
    if column in _ID_COLUMNS and isinstance(value, int) and table != _ID_COLUMNS[column]:
        # Tables link their foreign keys already (the value arrives as a dict there);
        # canned queries and views get plain integers.
        return Markup('<a href="{}">{}</a>').format(
            _row_url(datasette, database, _ID_COLUMNS[column], value), value
        )
    return None
