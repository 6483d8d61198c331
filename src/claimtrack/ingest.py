"""The ingest job: inputs -> cleaned articles -> one nlp.pipe pass -> rows -> database."""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlite_utils
from spacy.language import Language

from claimtrack.cleaning import Article, clean
from claimtrack.database import DatabaseError
from claimtrack.extract import article_rows, sha256_text
from claimtrack.readers import MAX_ARTICLE_CHARS, InputError, iter_inputs, too_long
from claimtrack.store import KnownNames, save_article


@dataclass
class IngestSummary:
    inserted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line reasons naming the input
    stored: list[tuple[str, str]] = field(default_factory=list)  # (article id, title) written

    @property
    def ok(self) -> bool:
        return not self.refused

    def line(self) -> str:
        return (
            f"ingested {len(self.inserted)}, replaced {len(self.replaced)}, "
            f"skipped {len(self.duplicates)} duplicate(s), refused {len(self.refused)}"
        )


def _cleaned(
    inputs: Iterable, known_shas: set[str], replace: bool, summary: IngestSummary
) -> Iterator[tuple[str, Article]]:
    """Cleaned articles still to process; refusals and duplicates are recorded, not raised.

    Duplicates are found against ``known_shas`` (read once), not the database, so this can
    run in a background thread while the database stays with the main thread.
    """
    seen: set[str] = set()
    for item in inputs:
        if isinstance(item, InputError):
            summary.refused.append(str(item))
            continue
        try:
            article = clean(item)
        except InputError as e:
            summary.refused.append(str(e))
            continue
        except Exception as e:  # one input never costs another
            summary.refused.append(f"{item.path}: cannot be cleaned ({_one_line(e)})")
            continue
        if not article.text.strip():
            summary.refused.append(f"{item.path}: no article text left after cleaning")
            continue
        if len(article.text) > MAX_ARTICLE_CHARS:
            # Checked before spaCy: a text it refuses would raise inside nlp.pipe (in a
            # worker process with --workers) and end the whole batch.
            summary.refused.append(too_long(item.path, len(article.text)))
            continue
        sha = sha256_text(article.text)
        # Skip known texts before the expensive NLP pass; a database made before headlines
        # were kept in the text (pipeline version 1) knows the article by its body alone.
        stored = sha in known_shas or (
            article.body_start and sha256_text(article.body) in known_shas)
        if sha in seen or (stored and not replace):
            summary.duplicates.append(article.path)
            continue
        seen.add(sha)
        yield article.text, article


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())}"[:300]


# SQLite's NORMAL level (1) in WAL mode: durable across crashes, not across a power cut.
INGEST_SYNCHRONOUS = 1

_DONE = object()
# How long an interrupted run waits for a background stage to finish its current batch.
THREAD_JOIN_S = 30.0


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


def _in_background(items: Iterable, stop: threading.Event, size: int, name: str) -> Iterator:
    """Iterate ``items`` in a daemon thread, handing them over through a bounded queue, so
    producing them overlaps with consuming them (spaCy's numeric work releases the GIL).
    Exceptions are re-raised in the consumer; ``stop`` ends both sides early."""
    handover: queue.Queue = queue.Queue(maxsize=size)

    def put(item) -> bool:
        while not stop.is_set():
            try:
                handover.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as error:  # handed to the consumer, raised there
            put(_Failed(error))

    thread = threading.Thread(target=run, name=f"claimtrack-{name}", daemon=True)
    thread.start()
    finished = False
    try:
        while True:
            try:
                item = handover.get(timeout=0.1)
            except queue.Empty:
                if stop.is_set():
                    return
                continue
            if item is _DONE:
                finished = True
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        # Stopped early: wait for the thread (it stops at its next hand-over), since a daemon
        # thread still inside spaCy when the interpreter exits can abort the process.
        if not finished:
            stop.set()
        thread.join(timeout=THREAD_JOIN_S)


def _parsed_in_processes(nlp: Language, pairs: Iterable[tuple[str, Article]], *,
                        batch_size: int, workers: int) -> Iterator[tuple]:
    """(doc, article) from ``nlp.pipe`` over several processes, fed plain texts. With
    ``as_tuples`` spaCy makes each Doc here (tokenizing it) and serialises it to send it to
    a worker: about a third of this process's work, while a text goes as it is. Docs come
    back in input order, so each meets its article again from a queue."""
    waiting: deque[Article] = deque()

    def texts() -> Iterator[str]:
        for text, article in pairs:
            waiting.append(article)
            yield text

    docs = nlp.pipe(texts(), batch_size=batch_size, n_process=workers)
    try:
        for doc in docs:
            yield doc, waiting.popleft()
    finally:
        docs.close()  # stops the worker processes when the run ends early


def ingest(
    paths: Iterable[str],
    db: sqlite_utils.Database,
    nlp: Language,
    *,
    replace: bool = False,
    jsonl: bool = False,
    workers: int = 1,
    batch_size: int = 16,
    encoding: str | None = None,
    on_article: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Ingest every input; one transaction per article, batches continue past bad inputs.

    With one worker the stages run as a pipeline: reading and cleaning in one thread, spaCy
    in another, extraction and all database writes in this one. With several workers spaCy's
    own processes do the parallel work (no threads: they would be forked with them).
    """
    summary = IngestSummary()
    model = f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
    known_shas = {row[0] for row in db.execute("select sha256 from articles")}
    pairs = _cleaned(iter_inputs(list(paths), jsonl=jsonl, encoding=encoding), known_shas,
                     replace, summary)
    known = KnownNames()  # stored sources and canonicals, indexed once for the run
    stop = threading.Event()
    docs = None
    synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
    # WAL with synchronous=NORMAL: a commit no longer waits for the disk (fsync), which was
    # a wait of about 7 ms per article. The file cannot be corrupted by a crash or a power
    # cut; a power cut may only undo the last articles' commits, which a re-run stores
    # again (inputs are recognised by their SHA-256). Set for this run's connection only.
    if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":  # else NORMAL could corrupt
        db.execute(f"PRAGMA synchronous = {INGEST_SYNCHRONOUS}")
    try:
        if workers == 1:
            docs = _in_background(
                nlp.pipe(_in_background(pairs, stop, 64, "clean"), as_tuples=True,
                         batch_size=batch_size),
                stop, 16, "nlp",
            )
        else:
            docs = _parsed_in_processes(nlp, pairs, batch_size=batch_size, workers=workers)
        for doc, article in docs:
            try:
                rows = article_rows(article, doc, model=model)
            except Exception as e:  # one input never costs another
                summary.refused.append(f"{article.path}: cannot be annotated ({_one_line(e)})")
                continue
            # Database failures (disk full, locked too long) stop the run: the next article
            # would fail the same way. What is stored stays stored.
            outcome = save_article(db, rows, replace=replace, known=known)
            {"inserted": summary.inserted, "replaced": summary.replaced,
             "duplicate": summary.duplicates}[outcome].append(article.path)
            if outcome != "duplicate":
                summary.stored.append((rows.article["id"], rows.article.get("title") or ""))
            if on_article:
                on_article(article.path, outcome)
    except (sqlite3.Error, DatabaseError) as error:
        error.summary = summary  # the caller reports what was stored before the failure
        raise
    finally:
        stop.set()
        if hasattr(docs, "close"):
            docs.close()
        with contextlib.suppress(sqlite3.Error):  # a closed or broken connection: nothing to set
            db.execute(f"PRAGMA synchronous = {int(synchronous)}")
    return summary
