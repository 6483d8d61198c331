"""How cells of claimtrack's tables, views and canned queries are shown (``render_cell``).

Links from ids to rows and to the annotated page, readable figure values ("$11.07
billion", "6.6 %"), and the articles table as a list (title, publication, date, counts and
a link) rather than a wall of article bodies: the body stays whole on the article's row page.
"""

from __future__ import annotations

import contextvars

from markupsafe import Markup

from claimtrack.display import format_figure, plural
from claimtrack.web.common import article_page_url, claims_database_name, row_url

# The path of the request being rendered: render_cell is not given the request in
# Datasette 0.65, and a table page and a row page must show articles.text differently.
REQUEST_PATH: contextvars.ContextVar[str] = contextvars.ContextVar("claimtrack_path", default="")

# Query and view columns that name a row of a table: linked to that row.
ID_COLUMNS = {
    "claim_id": "claims",
    "source_id": "sources",
    "figure_id": "figures",
    "attribution_id": "attributions",
}


def row_value(row, key):
    try:
        value = row[key]
    except (KeyError, IndexError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value


def _is_table_listing(database: str, table: str) -> bool:
    """True on /db/table (and its .html), False on a row page /db/table/pk."""
    parts = [p for p in REQUEST_PATH.get().split("/") if p]
    return len(parts) >= 2 and parts[-1].split(".")[0] == table and parts[-2] == database


async def _article_summary(datasette, database: str, article_id: str, text: str) -> Markup:
    db = datasette.get_database(database)
    counts = (await db.execute(
        """
        select
          (select count(*) from claims where article_id = :id),
          (select count(distinct source_id) from attributions where article_id = :id),
          (select count(*) from unsourced_figures where article_id = :id)
        """, {"id": article_id})).rows[0]
    return Markup('<a href="{}">annotated page</a> · {} · {} · {} · {}').format(
        article_page_url(datasette, article_id), plural(counts[0], "claim"),
        plural(counts[1], "source"), plural(counts[2], "unsourced figure"),
        plural(len(text), "character"))


def render_cell(row, value, column, table, database, datasette):
    if database != claims_database_name(datasette) or value in (None, ""):
        return None
    if table == "articles" and column == "title":
        article_id = row_value(row, "id")
        if article_id is None:
            return None
        return Markup('<a href="{}" title="Annotated article">{}</a>').format(
            article_page_url(datasette, article_id), value
        )
    if table == "articles" and column == "text" and isinstance(value, str):
        article_id = row_value(row, "id")
        if article_id is None or not _is_table_listing(database, table):
            return None

        async def summary():
            return await _article_summary(datasette, database, article_id, value)

        return summary
    if table == "articles" and column == "sha256" and _is_table_listing(database, table):
        return Markup('<span title="{}">{}…</span>').format(value, str(value)[:12])
    if column == "value" and row_value(row, "unit") is not None or (
            table == "figures" and column in ("value", "low", "high")):
        shown = format_figure(value, row_value(row, "unit"))
        return Markup('<span title="{}">{}</span>').format(value, shown) if shown else None
    if column == "article_id":
        return _article_link(row, value, table, database, datasette)
    if column in ID_COLUMNS and isinstance(value, int) and table != ID_COLUMNS[column]:
        # Tables link their foreign keys already (the value arrives as a dict there);
        # canned queries and views get plain integers.
        return Markup('<a href="{}">{}</a>').format(
            row_url(datasette, database, ID_COLUMNS[column], value), value
        )
    return None


def _article_link(row, value, table, database, datasette) -> Markup:
    if isinstance(value, dict):  # a foreign key Datasette expanded to its label
        article_id, label = value.get("value"), value.get("label") or value.get("value")
    else:
        article_id, label = value, value
    claim_id = row_value(row, "id") if table == "claims" else row_value(row, "claim_id")
    return Markup('<a href="{}">{}</a> · <a href="{}" title="{}">annotated</a>').format(
        row_url(datasette, database, "articles", article_id),
        label,
        article_page_url(datasette, article_id, claim_id if isinstance(claim_id, int) else None),
        "Open the annotated article",
    )
