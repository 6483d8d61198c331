"""The annotated article in a terminal: claims coloured by source, a legend, verdicts.

Colour alone is not enough (pipes, NO_COLOR, colour blindness), so every attributed claim
also ends with the legend numbers of its sources, e.g. ``[1]``, and every judged claim with
its current rating, e.g. ``[verdict: False]``. Rich drops the styles when the console is not
a terminal, which leaves exactly that plain-text form.
"""

from __future__ import annotations

import sqlite_utils
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimtrack.display import format_figure
from claimtrack.export import ExportError
from claimtrack.exporters.records import claim_records
from claimtrack.text import headline_end
from claimtrack.text import terminal_safe as safe
from claimtrack.verdicts import list_verdicts

# Distinct on dark and light terminals; repeats (with the number still telling) after ten.
SOURCE_COLOURS = (
    "cyan", "magenta", "green", "yellow", "bright_blue",
    "bright_red", "bright_cyan", "bright_magenta", "bright_green", "dark_orange",
)
VERDICT_STYLE = "bold reverse"
CUE_STYLE = "underline"


def _load_article(db: sqlite_utils.Database, article_id: str) -> dict:
    if not db["articles"].exists():
        raise ExportError("not a claimtrack database: no articles table")
    rows = list(db.query("select * from articles where id = ?", [article_id]))
    if not rows:
        raise ExportError(f"unknown article id {article_id!r}")
    return rows[0]


def _attribution_cues(db: sqlite_utils.Database, article_id: str) -> list[tuple[int, int]]:
    if not db["attributions"].exists():
        return []
    return [
        (row["cue_start"], row["cue_end"])
        for row in db.query(
            "select cue_start, cue_end from attributions where article_id = ? "
            "and cue_start is not null and cue_end is not null",
            [article_id],
        )
    ]


def source_legend(records: list[dict]) -> dict[str, tuple[int, str, dict]]:
    """Source name -> (legend number from 1, colour, source), in order of first claim."""
    legend: dict[str, tuple[int, str, dict]] = {}
    for record in records:
        for source in record["sources"]:
            if source["name"] not in legend:
                number = len(legend) + 1
                colour = SOURCE_COLOURS[(number - 1) % len(SOURCE_COLOURS)]
                legend[source["name"]] = (number, colour, source)
    return legend


def annotated_text(article_text: str, records: list[dict], legend: dict,
                   cues: list[tuple[int, int]]) -> Text:
    """The article body with each attributed claim in its top source's colour, cues
    underlined, and markers after claims; the body's own characters are unchanged."""
    body = Text(safe(article_text))  # same length: the offsets below still hold
    for record in records:
        if record["sources"]:
            _, colour, _ = legend[record["sources"][0]["name"]]
            body.stylize(colour, record["start"], record["end"])
    for start, end in cues:
        body.stylize(CUE_STYLE, start, end)
    # Cut the body at claim ends and put the markers between the pieces.
    ends = sorted({r["end"] for r in records if r["sources"] or r["verdict"]})
    markers: dict[int, Text] = {}
    for record in records:
        marker = Text()
        if record["sources"]:
            numbers = sorted({legend[s["name"]][0] for s in record["sources"]})
            _, colour, _ = legend[record["sources"][0]["name"]]
            marker.append(" ")
            marker.append(f"[{','.join(map(str, numbers))}]", style=f"bold {colour}")
        if record["verdict"]:
            marker.append(" ")
            marker.append(f"[verdict: {safe(record['verdict']['rating'])}]",
                          style=VERDICT_STYLE)
        if marker:
            markers.setdefault(record["end"], Text()).append_text(marker)
    pieces = body.divide(ends) if ends else [body]
    result = Text()
    position = 0
    for piece in pieces:
        result.append_text(piece)
        position += len(piece)
        # pop: dividing at the very end of the text adds an empty last piece.
        marker = markers.pop(position, None)
        if marker is not None:
            result.append_text(marker)
    return result


def _legend_table(legend: dict, records: list[dict]) -> Table:
    counts: dict[str, int] = {}
    for record in records:
        for name in {s["name"] for s in record["sources"]}:
            counts[name] = counts.get(name, 0) + 1
    table = Table(title="Sources", title_justify="left", show_edge=False, pad_edge=False)
    for column in ("#", "source", "kind", "description", "claims"):
        table.add_column(column, justify="right" if column in ("#", "claims") else "left")
    for name, (number, colour, source) in legend.items():
        # Text, not str: a cell string would be parsed as rich markup ("[...]" in a name).
        table.add_row(str(number), Text(safe(name), style=f"bold {colour}"),
                      Text(safe(source["kind"] or "")),
                      Text(safe(source.get("description") or "")), str(counts.get(name, 0)))
    return table


def _verdict_table(verdicts: list[dict], seq_by_claim: dict[int, int]) -> Table:
    table = Table(title="Verdicts (newest first)", title_justify="left", show_edge=False,
                  pad_edge=False)
    table.add_column("claim", no_wrap=True)
    table.add_column("rating")
    table.add_column("reviewer")
    table.add_column("date", no_wrap=True)
    table.add_column("claim text", ratio=1)
    for verdict in verdicts:
        claim_text = verdict["claim"]
        if len(claim_text) > 80:
            claim_text = claim_text[:77] + "..."
        table.add_row(
            f"#{verdict['claim_id']} (seq {seq_by_claim.get(verdict['claim_id'], '?')})",
            Text(safe(verdict["rating"]), style=VERDICT_STYLE),
            Text(safe(verdict["reviewer"] or "")),
            Text(safe(verdict["created_at"])),
            Text(safe(claim_text)),
        )
    return table


def render_article(db: sqlite_utils.Database, article_id: str,
                   console: Console | None = None) -> None:
    """Print the annotated article to ``console`` (stdout by default)."""
    console = console or Console()
    article = _load_article(db, article_id)
    records = list(claim_records(db, article_id))
    legend = source_legend(records)
    verdicts = list_verdicts(db, article_id=article_id)
    byline = [article.get("publication"), article.get("published"), article.get("url")]
    text = annotated_text(article["text"], records, legend, _attribution_cues(db, article_id))
    header, body = _split_headline(text, article)
    header.stylize("bold")
    details = safe(" | ".join(str(x) for x in byline if x))
    console.print(Panel(Group(header, Text(details)) if details else header, expand=False))
    console.print(body)
    console.print()
    attributed = sum(1 for r in records if r["sources"])
    console.print(f"{len(records)} claims, {attributed} attributed, "
                  f"{len(legend)} sources, {len(verdicts)} verdicts", highlight=False)
    if legend:
        console.print()
        console.print(_legend_table(legend, records))
    if verdicts:
        console.print()
        console.print(_verdict_table(verdicts, {r["claim_id"]: r["seq"] for r in records}))
    if records:
        console.print()
        console.print(_claims_table(records, legend))


def _split_headline(text: Text, article: dict) -> tuple[Text, Text]:
    """(heading, body) of the annotated text. Since pipeline version 2 the headline is the
    text's first paragraph: it is the heading, with its claim's colour and markers, and
    the body starts after it, so the headline is printed once. An older text (no headline
    paragraph) is all body under its title (or id)."""
    if not headline_end(article["text"], article["title"]):
        return Text(safe(article["title"] or article["id"])), text
    # The headline holds no blank line, and markers none either: the first one ends it.
    cut = text.plain.index("\n\n")
    heading, _, body = text.divide([cut, cut + 2])
    return heading, body


def _figure_text(figure: dict) -> str:
    """The figure as written, and its normalised value when that reads differently."""
    value = format_figure(figure["value"], figure["unit"])
    return figure["text"] if value in (None, figure["text"]) else f"{figure['text']} ({value})"


def _claims_table(records: list[dict], legend: dict) -> Table:
    """Claim ids (what `claimtrack verdict` takes) with their sources and figures."""
    table = Table(title="Claims", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("claim", no_wrap=True, justify="right")
    table.add_column("kind", no_wrap=True)
    table.add_column("sources", no_wrap=True)
    table.add_column("figures", max_width=24)
    table.add_column("text", ratio=1)
    for record in records:
        numbers = sorted({legend[s["name"]][0] for s in record["sources"]})
        figures = "; ".join(_figure_text(f) for f in record["figures"])
        text = record["text"] if len(record["text"]) <= 90 else record["text"][:87] + "..."
        table.add_row(f"#{record['claim_id']}", Text(safe(record.get("kind") or "")),
                      ",".join(map(str, numbers)) or "-", Text(safe(figures)),
                      Text(safe(text)))
    return table
