"""Two real claimtrack processes against one database file: nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlite_utils

from claimtrack.readers.fetch import DEFAULT_TIMEOUT

# Small fresh articles: each process stores its own, so the two runs' article transactions
# interleave (one article's NLP takes milliseconds, its write a few).
TOWNS = ("Ashford", "Brenton", "Carlow", "Dunmore", "Elmstead", "Farley", "Glenroe", "Hartwell",
         "Inchley", "Jarrow", "Kelso", "Lanark")
# Per run: enough that the two runs' ingest loops overlap despite start-up jitter.
ARTICLES_PER_RUN = 40


def write_articles(folder: Path, prefix: str, count: int = len(TOWNS)) -> Path:
    folder.mkdir()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        (folder / f"{prefix}{n:02d}.txt").write_text(
            f"The {town} council approved a {n + 2} million pound flood barrier on Monday, "
            f"the mayor of {town} said.\n\n"
            f"Residents of {town} ({prefix}) told the inquiry that the river rose {n + 1} "
            f"metres last winter, according to a report by the {town} Trust.\n",
            encoding="utf-8")
    return folder


def claimtrack(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "claimtrack", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=180)
    return process.returncode, err


def test_two_ingests_into_one_new_database_both_store_everything(tmp_path):
    # Before: one run died with "database is locked" (or "table ... already exists" while
    # both created the schema) and its remaining articles were never stored.
    one = write_articles(tmp_path / "one", "a", ARTICLES_PER_RUN)
    two = write_articles(tmp_path / "two", "b", ARTICLES_PER_RUN)
    db_path = tmp_path / "shared.db"
    first = claimtrack("ingest", str(one), "--db", str(db_path), "-q")
    second = claimtrack("ingest", str(two), "--db", str(db_path), "-q")
    (code1, err1), (code2, err2) = finish(first), finish(second)
    assert (code1, err1, code2, err2) == (0, "", 0, "")
    db = sqlite_utils.Database(db_path)
    stored = sorted(Path(p).name for p in db.execute("select path from articles").fetchall()
                    for p in p)
    assert stored == sorted([f"a{n:02d}.txt" for n in range(ARTICLES_PER_RUN)]
                            + [f"b{n:02d}.txt" for n in range(ARTICLES_PER_RUN)])
    # Every claim of both runs points at a stored article.
    assert db.execute("select count(*) from claims where article_id not in "
                      "(select id from articles)").fetchone()[0] == 0


class HangingHandler(BaseHTTPRequestHandler):
    """Holds every request until ``release`` is set, then answers 404."""

    release = threading.Event()

    def do_GET(self):  # noqa: N802
        self.release.wait(timeout=120)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_run_that_stored_nothing_keeps_a_database_another_run_filled(tmp_path):
    # Before: the first run (one slow URL, refused in the end) deleted the database file it
    # had created, with the articles a second run stored in it meanwhile; both exited 0.
    articles = write_articles(tmp_path / "articles", "c")
    db_path = tmp_path / "shared.db"
    HangingHandler.release.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HangingHandler)
    httpd.daemon_threads = True
    server = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    server.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/slow"
        first = claimtrack("ingest", url, "--db", str(db_path), "-q")
        deadline = time.monotonic() + 120
        while not db_path.exists():  # the first run created the file
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        second = claimtrack("ingest", str(articles), "--db", str(db_path), "-q")
        code2, err2 = finish(second)
        HangingHandler.release.set()  # the slow URL fails now: the first run stored nothing
        code1, err1 = finish(first)
    finally:
        HangingHandler.release.set()
        httpd.shutdown()
        httpd.server_close()
        server.join(timeout=5)
    assert (code2, err2) == (0, "")
    # the slow URL fails either way: answered 404 once released, or, on a machine so loaded
    # that the second run outlasts the fetch timeout, timed out first
    assert code1 == 1 and err1 in (f"Error: {url}: HTTP 404 Not Found\n",
                                   f"Error: {url}: timed out after {DEFAULT_TIMEOUT:g} s\n")
    assert db_path.exists()
    assert sqlite_utils.Database(db_path)["articles"].count == 12



# A writer that holds the lock, then commits a change, while a merge reads the same file.
HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
conn.execute("BEGIN IMMEDIATE")
conn.execute("insert into merged_shards (id, path, articles, merged_at) "
             "values ('other-run', 'elsewhere.db', 0, '2026-01-01T00:00:00+00:00')")
print("locked", flush=True)
time.sleep(1.5)
conn.execute("COMMIT")
"""


def test_a_merge_waits_for_another_writer_instead_of_failing(nlp, tmp_path):
    from claimtrack.ingest import ingest
    from claimtrack.merge import merge_shard
    from claimtrack.store import open_db

    shard = open_db(tmp_path / "shard.db")
    assert ingest([str(write_articles(tmp_path / "in", "shard", 2))], shard, nlp).ok
    shard.close()
    target = open_db(tmp_path / "target.db")
    writer = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "target.db")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        summary = merge_shard(target, tmp_path / "shard.db")  # once: "database is locked"
    finally:
        writer.wait(timeout=60)
    assert (summary.inserted, summary.refused) == (2, [])
    assert target["articles"].count == 2
    assert {r["id"] for r in target.query("select id from merged_shards")} >= {"other-run"}


def _open_at_once(path: str, barrier, results) -> None:
    from claimtrack.database import DatabaseError
    from claimtrack.store import open_db

    barrier.wait()
    try:
        open_db(path).close()
        results.put("ok")
    except DatabaseError as error:
        results.put(str(error))


# Rounds of two processes opening one new file at the same moment: before the fix about
# half of them failed at once with "locked" while both switched the file to WAL.
OPEN_ROUNDS = 8


def test_two_processes_creating_one_database_at_once_both_open_it(tmp_path):
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no copy of the test process's state
    outcomes = []
    for n in range(OPEN_ROUNDS):
        path = str(tmp_path / f"new-{n}.db")
        barrier, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_open_at_once, args=(path, barrier, results))
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        outcomes += [results.get(timeout=10) for _ in workers]
    assert outcomes == ["ok"] * (2 * OPEN_ROUNDS)
