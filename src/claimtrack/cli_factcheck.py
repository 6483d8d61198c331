"""Fact-checking commands: verdicts, exports, the terminal view, article lists and claim
matching (thin wrappers over verdicts.py, export.py, show.py, articles.py and checked.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimtrack.cli_common import existing_db_option, open_existing_db
from claimtrack.export import FORMATS as EXPORT_FORMATS
from claimtrack.export import formats_help as export_formats_help


@click.command()
@click.argument("claim_id", type=int)
@click.option("--rating", required=True,
              help="The verdict in words (False, Mostly true, Misleading...).")
@click.option("--rating-value", type=float, help="Numeric rating on your scale.")
@click.option("--best", type=float, help="Best value of the numeric scale.")
@click.option("--worst", type=float, help="Worst value of the numeric scale.")
@click.option("--url", help="URL of the published fact-check.")
@click.option("--reviewer", help="Who gives the verdict (organisation or person).")
@click.option("--note", help="Reasoning or evidence.")
@existing_db_option
def verdict(claim_id, rating, rating_value, best, worst, url, reviewer, note, db_path):
    """Record a verdict on claim CLAIM_ID (earlier verdicts are kept)."""
    from claimtrack.verdicts import VerdictError, add_verdict

    try:
        db = open_existing_db(db_path, read_only=False)
        row = add_verdict(db, claim_id, rating, rating_value=rating_value,
                          best=best, worst=worst, url=url, reviewer=reviewer, note=note)
    except VerdictError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"verdict {row['id']} on claim {claim_id}: {row['rating']}")


@click.command("verdicts")
@click.option("--claim", "claim_id", type=int, help="Only this claim's verdicts.")
@existing_db_option
def list_verdicts_command(claim_id, db_path):
    """List verdicts, newest first."""
    from claimtrack.text import terminal_safe
    from claimtrack.verdicts import VerdictError, list_verdicts

    try:
        rows = list_verdicts(open_existing_db(db_path), claim_id=claim_id)
    except VerdictError as e:
        raise click.ClickException(str(e)) from None
    for row in rows:
        scale = ""
        if row["rating_value"] is not None:
            scale = f" ({row['rating_value']:g}"
            if row["worst"] is not None and row["best"] is not None:
                scale += f" on {row['worst']:g}..{row['best']:g}"
            scale += ")"
        by = f" by {row['reviewer']}" if row["reviewer"] else ""
        claim = row["claim"] if len(row["claim"]) <= 70 else row["claim"][:67] + "..."
        # terminal_safe: verdict fields and claim text are data, never terminal commands.
        click.echo(terminal_safe(f"{row['created_at']}  verdict {row['id']}  claim "
                                 f"{row['claim_id']}: {row['rating']}{scale}{by}  | {claim}"))


@click.command()
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS),
              help=export_formats_help())
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.option("--article", "article_id",
              help="Only this article's claims: its id, the start of one, or title words.")
@click.option("--reviewer-type", type=click.Choice(["organization", "person"]),
              default="organization", show_default=True,
              help="schema.org @type of verdict reviewers in ClaimReview.")
@existing_db_option
def export(fmt, output, article_id, reviewer_type, db_path):
    """Export claims, sources and verdicts (see docs/exports.md)."""
    from claimtrack import export as exporter

    if output and not Path(output).parent.is_dir():
        raise click.ClickException(
            f"{output}: folder {Path(output).parent} does not exist (create it first)")
    if output:
        from claimtrack.database import check_output_file

        check_output_file(output, db_path)  # never the database itself: DatabaseError
    db = open_existing_db(db_path)
    if article_id is not None:  # as `show` finds one: a unique id prefix or title words
        from claimtrack.articles import ArticleNotFound, resolve_article

        try:
            article_id = resolve_article(db, article_id)
        except ArticleNotFound as e:
            raise click.ClickException(str(e)) from None
    kwargs = {"reviewer_type": reviewer_type.capitalize(),
              "on_problem": lambda problem: click.echo(f"warning: {problem}", err=True)}
    try:
        if output:
            # Render fully before touching the file, so an error leaves no half file.
            text = exporter.export_string(db, fmt, article_id, **kwargs)
            Path(output).write_text(text, encoding="utf-8")
        else:
            exporter.export(db, fmt, sys.stdout, article_id, **kwargs)
    except exporter.ExportError as e:
        raise click.ClickException(str(e)) from None


@click.command()
@click.argument("article")
@existing_db_option
def show(article, db_path):
    """Show an article in the terminal: claims coloured by source, legend, verdicts, claim
    ids and figures. ARTICLE is an id, the start of one, or words of the title; long output
    goes through a pager on a terminal."""
    from rich.console import Console

    from claimtrack.articles import ArticleNotFound, resolve_article
    from claimtrack.export import ExportError
    from claimtrack.show import render_article

    db = open_existing_db(db_path)
    console = Console()
    try:
        article_id = resolve_article(db, article)
        if console.is_terminal:
            with console.pager(styles=True):
                render_article(db, article_id, console)
        else:
            render_article(db, article_id, console)
    except (ArticleNotFound, ExportError) as e:
        raise click.ClickException(str(e)) from None


@click.command("articles")
@existing_db_option
def list_articles_command(db_path):
    """List the stored articles, newest first: id, date, claims and title."""
    from claimtrack.articles import list_articles

    for row in list_articles(open_existing_db(db_path)):
        click.echo(f"{row['id']}  {row['published'] or '-':10}  {row['claims']:>4} claims  "
                   f"{row['title'] or ''}")


@click.command()
@click.argument("text", required=False)
@click.option("--claim", "claim_id", type=int, help="Match this stored claim instead of TEXT.")
@click.option("--matcher", default="fuzzy", show_default=True,
              help="Matcher to rank with (see docs/matching.md).")
@click.option("--all-claims", is_flag=True,
              help="Search every stored claim, not only the judged ones.")
@click.option("--near", is_flag=True,
              help="Also show similar claims that are not the same claim, and why.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Candidates retrieved from the full-text index.")
@existing_db_option
def match(text, claim_id, matcher, all_claims, near, limit, db_path):
    """Has this been checked before? Rank the stored claims that state the same as TEXT
    (or claim --claim ID), with their verdicts."""
    from claimtrack import checked, matching

    if (text is None) == (claim_id is None):
        raise click.UsageError("give either TEXT or --claim ID")
    if text is not None and not text.strip():
        raise click.UsageError("TEXT is empty: give the claim's words, or --claim ID")
    try:
        matching.get_matcher(matcher)
    except matching.UnknownMatcher as e:
        raise click.ClickException(str(e)) from None
    db = open_existing_db(db_path)
    if claim_id is not None:
        query = checked.load_features(db, [claim_id]).get(claim_id)
        if query is None:
            raise click.ClickException(f"unknown claim id {claim_id}")
    else:
        from claimtrack.nlp import ModelNotFound, load_nlp

        try:
            query = checked.text_features(db, load_nlp(), text)
        except ModelNotFound as e:
            raise click.ClickException(str(e)) from None
    found = checked.find_matches(db, query, checked_only=not all_claims, near=near,
                                 limit=limit, matcher_name=matcher)
    if not found:
        click.echo("no matching claims" + ("" if all_claims else " among judged claims"),
                   err=True)
    for n, row in enumerate(found, 1):
        verdict = row["rating"] or "not checked"
        if row["url"]:
            verdict += f" ({row['url']})"
        click.echo(f"{n}. claim {row['claim_id']}  score {row['score']:.2f}  {verdict}")
        click.echo(f"   {row['claim']}")
        click.echo(f"   article {row['article_id']}; " + "; ".join(row["reasons"]))
        if row["blockers"]:
            click.echo("   not the same claim: " + "; ".join(row["blockers"]))
