import sqlite_utils

from claimtrack.schema import TABLES, VIEWS, ensure_schema


def test_ensure_schema_creates_tables_fts_views_and_is_idempotent():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    first = db.conn.execute("select sql from sqlite_master order by name").fetchall()
    ensure_schema(db)
    assert db.conn.execute("select sql from sqlite_master order by name").fetchall() == first
    for t in TABLES:
        assert db[t.name].exists()
        assert set(db[t.name].columns_dict) == {c.name for c in t.columns}
    assert set(VIEWS) <= set(db.view_names())
    assert db["claims_fts"].exists() and db["sources_fts"].exists()


def test_every_foreign_key_is_declared_and_indexed():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    for t in TABLES:
        declared = {(fk.column, fk.other_table, fk.other_column) for fk in db[t.name].foreign_keys}
        assert declared == set(t.foreign_keys), t.name
        leading = {i.columns[0] for i in db[t.name].indexes}
        for column, _, _ in t.foreign_keys:
            assert column in leading, f"{t.name}.{column} leads no index"


# The indexes of the tables whose foreign keys lead compound indexes, as a fresh database
# has them: no one-column index on a foreign key that another index already starts with.
COVERED_TABLE_INDEXES = {
    "attributions": [
        ("article_id", "mode"), ("article_id", "source_id", "claim_id"), ("claim_id",),
        ("claim_id", "source_id", "mode"), ("mode",),
        ("source_id", "article_id", "claim_id", "mode", "confidence", "source_text")],
    "figures": [("article_id", "start"), ("claim_id",)],
    "claim_matches": [("claim_id", "matched_claim_id", "method"), ("matched_claim_id",)],
    "figure_conflict_pairs": [("figure_id", "other_figure_id"), ("other_figure_id",)],
}


def _index_columns(db, table):
    return sorted(tuple(i.columns) for i in db[table].indexes if None not in i.columns)


def test_no_one_column_index_on_a_foreign_key_that_leads_another_index():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    for table, expected in COVERED_TABLE_INDEXES.items():
        assert _index_columns(db, table) == expected, table
    # Foreign keys that lead no other index keep their own, and so does one the table
    # lists itself (attributions.claim_id, for its row order).
    assert ("article_id",) in _index_columns(db, "claims")
    assert ("claim_id",) in _index_columns(db, "entities")


def test_upgrade_drops_the_covered_foreign_key_indexes_of_an_older_database():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    # As a database written before m003 has them: one index per foreign key, by
    # Table.create_index's names, and a user's own index on one of those columns.
    for table in COVERED_TABLE_INDEXES:
        for column, _, _ in next(t for t in TABLES if t.name == table).foreign_keys:
            db[table].create_index([column], if_not_exists=True)
    db.execute("create index my_attribution_sources on attributions (source_id)")
    db.execute("delete from _sqlite_migrations "
               "where name = 'm003_drop_covered_foreign_key_indexes'")
    assert ("article_id",) in _index_columns(db, "figures")
    ensure_schema(db)
    expected = dict(COVERED_TABLE_INDEXES)
    expected["attributions"] = sorted([*expected["attributions"], ("source_id",)])
    for table, columns in expected.items():
        assert _index_columns(db, table) == columns, table
    assert "my_attribution_sources" in {i.name for i in db["attributions"].indexes}
    assert "m003_drop_covered_foreign_key_indexes" in {
        r["name"] for r in db["_sqlite_migrations"].rows}



def test_upgrade_runs_an_index_only_migration_that_serve_does_not_ask_for(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli
    from claimtrack.upgrade import missing_schema

    path = tmp_path / "older.db"
    db = sqlite_utils.Database(path)
    ensure_schema(db)
    db["figures"].create_index(["article_id"], if_not_exists=True)
    db.execute("delete from _sqlite_migrations "
               "where name = 'm003_drop_covered_foreign_key_indexes'")
    db.conn.commit()
    assert missing_schema(db) == []  # serve shows the same pages without it
    db.close()
    result = CliRunner().invoke(cli, ["upgrade", "--db", str(path)])
    assert result.exit_code == 0
    assert result.stderr == f"{path}: added migration m003_drop_covered_foreign_key_indexes\n"
    assert ("article_id",) not in _index_columns(sqlite_utils.Database(path), "figures")

def test_ensure_schema_adds_missing_columns_to_an_older_database():
    db = sqlite_utils.Database(memory=True)
    db["claims"].create({"id": int, "article_id": str, "text": str}, pk="id")
    ensure_schema(db)
    assert "checkworthiness" in db["claims"].columns_dict


def test_articles_sha256_is_unique():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    unique = [i for i in db["articles"].indexes if i.unique and i.columns == ["sha256"]]
    assert unique


def test_every_column_has_a_description():
    for t in TABLES:
        for c in t.columns:
            assert len(c.description) > 8, f"{t.name}.{c.name}"


def test_older_database_is_migrated_once():
    db = sqlite_utils.Database(memory=True)
    # A database from before attributions carried their article id.
    db["articles"].insert({"id": "a1", "text": "X said so."}, pk="id")
    db["claims"].insert({"id": 1, "article_id": "a1", "text": "X said so.", "start": 0,
                         "end": 10}, pk="id")
    db["attributions"].insert({"id": 1, "claim_id": 1, "cue": "said"}, pk="id")
    ensure_schema(db)
    assert db["attributions"].get(1)["article_id"] == "a1"
    applied = [r["name"] for r in db["_sqlite_migrations"].rows]
    ensure_schema(db)
    assert [r["name"] for r in db["_sqlite_migrations"].rows] == applied
    assert "m001_backfill_attribution_article_ids" in applied


def test_descending_and_expression_indexes_serve_the_queries_that_need_them():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    ensure_schema(db)  # created once, harmless to repeat
    plan = " ".join(r[3] for r in db.execute(
        "explain query plan select id from claims order by checkworthiness desc, id"))
    assert plan.startswith("SCAN claims USING") and "INDEX idx_claims_checkworthiness_id" in plan
    plan = " ".join(r[3] for r in db.execute(
        "explain query plan select id from entities "
        "where lower(canonical) = lower(?) or lower(text) = lower(?)", ["x", "x"]))
    assert "USING INDEX idx_entities_lower_canonical" in plan
    assert "USING INDEX idx_entities_lower_text" in plan
