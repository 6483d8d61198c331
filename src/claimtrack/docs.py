"""Markdown generated from the code for README.md (via cog), so the docs cannot drift."""

from __future__ import annotations

from click.testing import CliRunner

from claimtrack.schema import TABLES, VIEWS


def _type_name(t) -> str:
    return {str: "TEXT", int: "INTEGER", float: "REAL"}.get(t, str(t))


def schema_markdown() -> str:
    out = []
    for t in TABLES:
        out.append(f"### `{t.name}`\n\n{t.description}\n")
        fks = {fk[0]: f"{fk[1]}.{fk[2]}" for fk in t.foreign_keys}
        out.append("| column | type | description |\n|---|---|---|")
        for c in t.columns:
            extra = []
            if c.name == t.pk:
                extra.append("primary key")
            if c.name in fks:
                extra.append(f"references `{fks[c.name]}`")
            if c.unit:
                extra.append(f"unit: {c.unit}")
            suffix = f" ({'; '.join(extra)})" if extra else ""
            desc = c.description.replace("|", "\\|")
            out.append(f"| `{c.name}` | {_type_name(c.type)} | {desc}{suffix} |")
        if t.fts:
            out.append(f"\nFull-text search (FTS5) on: {', '.join(t.fts)}.")
        out.append("")
    out.append("### Views\n")
    for name, sql in VIEWS.items():
        body = "\n".join(line[8:] if line.startswith(" " * 8) else line
                         for line in sql.strip("\n").splitlines())
        out.append(f"`{name}`:\n\n```sql\n{body}\n```\n")
    return "\n".join(out)


def cli_help_markdown(*command: str) -> str:
    from claimtrack.cli import cli

    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="claimtrack",
                                terminal_width=100)
    return f"```\n{result.output.rstrip()}\n```"
