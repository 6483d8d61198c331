"""claimtrack's command line: a thin click layer over the library. This module is the
entry point (the group, one-line errors); the commands live in cli_ingest, cli_serve and
cli_factcheck."""

from __future__ import annotations

import errno
import sys

import click

from claimtrack import __version__
from claimtrack.cli_factcheck import (
    export,
    list_articles_command,
    list_verdicts_command,
    match,
    show,
    verdict,
)
from claimtrack.cli_ingest import ingest, merge, upgrade
from claimtrack.cli_serve import metadata, reviewer, serve


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


# Each command lives with its kind (one module each); they all hang off this one group.
for _command in (ingest, merge, upgrade, serve, reviewer, metadata, verdict,
                 list_verdicts_command, export, show, list_articles_command, match):
    cli.add_command(_command)

