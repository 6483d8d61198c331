"""How cells of claimtrack's tables, views and canned queries are shown (``render_cell``).

Links from ids to rows and to the annotated page, readable figure values ("$11.07
billion", "6.6 %"), and the articles table as a list (title, publication, date, counts and
a link) rather than a wall of article bodies: the body stays whole on the article's row page.
"""

from __future__ import annotations

import contextvars
import math

from markupsafe import Markup

from claimtrack.web.common import article_page_url, claims_database_name, row_url

# The path of the request being rendered: render_cell is not given the request in
# Datasette 0.65, and a table page and a row page must show articles.text differently.
REQUEST_PATH: contextvars.ContextVar[str] = contextvars.ContextVar("claimtrack_path", default="")

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹",
                    "RUB": "₽", "KZT": "₸", "UAH": "₴"}
# Large values are written as newspapers write them: 11.07 billion, not 11070000000.
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
PERCENT_UNITS = {"percent": " %", "percentage points": " percentage points"}

# Query and view columns that name a row of a table: linked to that row.
ID_COLUMNS = {
    "claim_id": "claims",
    "source_id": "sources",
    "figure_id": "figures",
    "attribution_id": "attributions",
}


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(value, unit: str | None) -> str | None:
    """A figure's normalised value as a reader writes it, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    magnitude = _number(value)
    for size, word in SCALES:
        if abs(value) >= size:
            magnitude = f"{_number(round(value / size, 2))} {word}"
            break
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return f"{magnitude}{PERCENT_UNITS[unit]}"
    if unit.upper() in CURRENCY_SYMBOLS and len(unit) == 3:
        return f"{CURRENCY_SYMBOLS[unit.upper()]}{magnitude}"
    if len(unit) == 3 and unit.isupper():  # another ISO 4217 code
        return f"{unit} {magnitude}"
    return f"{magnitude} {unit}".rstrip()


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


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
