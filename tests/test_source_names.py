"""source_names_fts: the trigram index of every source's name and aliases that makes
claims_by_source a lookup. Kept exact by triggers whatever writes sources (the store, the
merge, plain SQL), and backfilled once on an older database."""

import sqlite_utils

from claimtrack.canned_queries import QUERIES
from claimtrack.ingest import ingest
from claimtrack.merge import merge
from claimtrack.schema import ensure_schema
from claimtrack.store import open_db
from shard_fixtures import ORG_FULL, ORG_SHORT, write_articles

PROBES = ("Human", "rights", "HRW", "okafor", "council", "Wang", "Yi", "zzz")


def found(db, text: str) -> list[int]:
    """Sources whose name or aliases hold ``text``, from the index."""
    return [r[0] for r in db.execute(
        "select rowid from source_names_fts where name like '%' || :t || '%' union "
        "select rowid from source_names_fts where aliases like '%' || :t || '%' order by 1",
        {"t": text})]


def scanned(db, text: str) -> list[int]:
    """The oracle: the same read from every source row, without the index."""
    return [r[0] for r in db.execute(
        "select id from sources where name like '%' || :t || '%' "
        "or aliases like '%' || :t || '%' order by id", {"t": text})]


def small_db():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    db.execute("insert into sources (id, name, aliases) values "
               "(1, 'Human Rights Watch', '[\"HRW\"]'), (2, 'Wang Yi', '[]'), "
               "(3, 'Yi Gang', '[\"Governor Yi\"]')")
    return db


def test_insert_update_and_delete_keep_the_index_exact():
    db = small_db()
    assert found(db, "rights") == [1] and found(db, "hrw") == [1]
    assert found(db, "Yi") == [2, 3]  # two characters: read from every row, still right
    db.execute("update sources set name = 'Wang Yu' where id = 2")
    assert found(db, "Wang Yi") == [] and found(db, "wang yu") == [2]
    db.execute("update sources set aliases = '[\"Mr Yi\"]' where id = 3")
    assert found(db, "Governor") == [] and found(db, "mr yi") == [3]
    db.execute("delete from sources where id = 1")
    assert found(db, "Human") == [] and found(db, "HRW") == []
    for probe in PROBES:
        assert found(db, probe) == scanned(db, probe), probe
    db.execute("insert into source_names_fts (source_names_fts) values ('integrity-check')")


def index_pages(db) -> list:
    return db.execute("select * from source_names_fts_data order by id").fetchall()


def test_only_a_change_of_name_or_aliases_rewrites_the_index():
    db = small_db()
    before = index_pages(db)
    # the store's update of an enriched source sets name and aliases to what they were
    db.execute("update sources set name = 'Wang Yi', aliases = '[]', description = "
               "'foreign minister' where id = 2")
    assert index_pages(db) == before
    db.execute("update sources set aliases = '[\"Minister Wang\"]' where id = 2")
    assert index_pages(db) != before
    assert found(db, "minister wang") == [2] and found(db, "Wang Yi") == [2]
    for probe in PROBES:
        assert found(db, probe) == scanned(db, probe), probe
    db.execute("insert into source_names_fts (source_names_fts) values ('integrity-check')")


def test_an_earlier_update_trigger_is_replaced():
    db = small_db()
    db.execute("drop trigger source_names_update")
    db.execute("create trigger source_names_update after update of id, name, aliases on "
               "sources begin select 1; end")
    ensure_schema(db)
    (sql,) = db.execute("select sql from sqlite_master where name = 'source_names_update'"
                        ).fetchone()
    assert "when old.id is not new.id" in sql
    db.execute("update sources set name = 'Wang Yu' where id = 2")
    assert found(db, "wang yu") == [2]


def test_an_older_database_is_backfilled_once():
    db = small_db()
    db.execute("drop table source_names_fts")
    for trigger in ("insert", "delete", "update"):
        db.execute(f"drop trigger source_names_{trigger}")
    db.execute("delete from _sqlite_migrations where name = 'm004_backfill_source_names'")
    db.execute("insert into sources (id, name) values (4, 'Maria Okafor')")  # not indexed
    ensure_schema(db)
    assert found(db, "okafor") == [4] and found(db, "HRW") == [1]
    for probe in PROBES:
        assert found(db, probe) == scanned(db, probe), probe
    ensure_schema(db)  # the backfill is not repeated (nor doubled)
    assert db.execute("select count(*) from source_names_fts").fetchone()[0] == 4
    db.execute("insert into source_names_fts (source_names_fts) values ('integrity-check')")


def test_a_dropped_index_is_made_and_filled_again():
    db = small_db()
    db.execute("drop table source_names_fts")  # m004 has run: only ensure() can refill it
    ensure_schema(db)
    assert found(db, "hrw") == [1] and found(db, "governor yi") == [3]
    for probe in PROBES:
        assert found(db, probe) == scanned(db, probe), probe
    db.execute("insert into source_names_fts (source_names_fts) values ('integrity-check')")


def test_store_and_merge_keep_the_index_exact(nlp, tmp_path):
    paths = [str(p) for p in write_articles(tmp_path / "texts", 6)]
    db = open_db(tmp_path / "target.db")
    assert ingest(paths[:3], db, nlp).ok
    shard = open_db(tmp_path / "shard.db")
    assert ingest(paths[2:], shard, nlp).ok
    shard.close()
    merge([tmp_path / "shard.db"], db)
    for probe in PROBES + (ORG_FULL, ORG_SHORT, "Maria", "Daniel"):
        assert found(db, probe) == scanned(db, probe), probe
    # One row holds both spellings (one the name, the other an alias): found by either.
    assert found(db, ORG_FULL) == found(db, ORG_SHORT) and len(found(db, ORG_SHORT)) == 1
    db.execute("insert into source_names_fts (source_names_fts) values ('integrity-check')")


def vm_steps(db, sql: str, params: dict) -> int:
    """SQLite virtual-machine steps (in hundreds) a query takes: what it reads, whatever
    the machine's load."""
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 100)
    db.execute(sql, params).fetchall()
    db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_claims_by_source_looks_sources_up_instead_of_reading_them_all():
    db = small_db()
    db.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
               "insert into sources (id, name, aliases) "
               "select i + 10, 'Person ' || printf('%05d', i), '[]' from n")
    sql = QUERIES["claims_by_source"]["sql"]
    steps = [r[3] for r in db.execute("explain query plan " + sql, {"source": "x"})]
    assert "SCAN source_names_fts VIRTUAL TABLE INDEX 0:L0" in steps, steps  # name like
    assert "SCAN source_names_fts VIRTUAL TABLE INDEX 0:L1" in steps, steps  # aliases like
    looked_up = vm_steps(db, sql, {"source": "Person 04242"})
    # The same query made to read every source's names, as short text ("Xi") does.
    read_all = vm_steps(db, sql.replace("length(:source) >= 3", "0").replace(
        "length(:source) < 3", "1"), {"source": "Person 04242"})
    # Reading 5,003 sources' names costs hundreds of these steps; the lookup a few.
    assert read_all > 100 and looked_up < read_all / 20, (looked_up, read_all)
