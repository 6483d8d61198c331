"""The commands that publish a database: serve it in Datasette, its reviewers, its
metadata."""

from __future__ import annotations

from pathlib import Path

import click

from claimtrack.cli_common import open_existing_db


@click.command()
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
    db = open_existing_db(db_path, immutable=immutable)  # refuses a foreign file
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



@click.command()
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


@click.command()
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

