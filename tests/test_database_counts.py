"""The database page's row counts (database_counts.py): hidden tables are not counted, the
others are exact, kept while the file is unchanged and counted again after any write."""

import sqlite_utils
from datasette.app import Datasette

from claimtrack.publish import metadata_dict
from publish_fixtures import build_db


async def served(path):
    datasette = Datasette([str(path)], metadata=metadata_dict("claims"))
    await datasette.invoke_startup()
    return datasette


def counting(datasette) -> list[str]:
    """Record the count queries the database runs from now on."""
    database = datasette.get_database("claims")
    execute, seen = database.execute, []

    async def recorded(sql, *args, **kwargs):
        if sql.startswith("select count(*)"):
            seen.append(sql)
        return await execute(sql, *args, **kwargs)

    database.execute = recorded
    return seen


async def test_visible_tables_are_counted_exactly_and_hidden_ones_not(tmp_path):
    path = build_db(tmp_path / "claims.db")
    datasette = await served(path)
    page = (await datasette.client.get("/claims.json?_show_hidden=1")).json()
    counts = {t["name"]: t["count"] for t in page["tables"]}
    hidden = {t["name"] for t in page["tables"] if t["hidden"]}
    db = sqlite_utils.Database(path)
    assert {"claims_search_fts", "claims_search_fts_content", "source_names_fts",
            "source_names_fts_data"} <= hidden
    assert {name: counts[name] for name in hidden} == {name: None for name in hidden}
    assert {name: counts[name] for name in counts if name not in hidden} == {
        name: db[name].count for name in counts if name not in hidden}
    assert counts["claims"] == db["claims"].count > 0
    html = await datasette.client.get("/claims")
    assert html.status_code == 200 and f"{db['claims'].count:,} rows" in html.text


async def test_counts_are_kept_until_the_file_changes(tmp_path):
    path = build_db(tmp_path / "claims.db")
    datasette = await served(path)
    first = (await datasette.client.get("/claims.json")).json()
    seen = counting(datasette)
    again = (await datasette.client.get("/claims.json")).json()
    assert seen == [] and again["tables"] == first["tables"]  # nothing written: no count
    db = sqlite_utils.Database(path)
    db["sources"].insert({"id": 99, "name": "Port authority", "aliases": "[]"})
    db.close()
    after = (await datasette.client.get("/claims.json")).json()
    assert seen  # the write made it count again
    sources = {t["name"]: t["count"] for t in after["tables"]}["sources"]
    assert sources == {t["name"]: t["count"] for t in first["tables"]}["sources"] + 1
