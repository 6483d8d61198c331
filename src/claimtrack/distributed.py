"""Ingest on a Dask cluster: inputs split into shards, one SQLite file per shard, one merge.

The pipeline does not change, only who calls ``ingest()``: each Dask task ingests one shard
(a list of input paths, never spaCy Docs) into its own database file with the model its
worker loaded once (``load_nlp`` is cached per process), and the client merges finished
shards into the target as they complete (``merge.merge_shard``: the store's one write
path). Workers must see the inputs and the shard directory at the same paths as the client
(one machine, or a shared file system).

A task writes ``<shard>.db.part`` and renames it when done, so a shard file that exists is
complete; a retried task (an exception: Dask ``retries``; a lost worker: the scheduler
reschedules it) discards the partial file first. A re-run of the same inputs plans the
same shards, reuses finished shard files and skips shards already merged (``merged_shards``);
an input file edited since is in a new shard (``input_stamp``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.merge import (
    MergeError,
    MergeSummary,
    finish,
    merge_shard,
    open_shard,
    shard_identity,
)
from claimtrack.readers import expand_directory, is_url

# A few hundred articles: at 4-6 articles/s per core a shard is about a minute of work, so
# loading the model (once per worker) is noise and a lost task costs little to redo.
DEFAULT_SHARD_SIZE = 300
# Dask retries a task that raised this many more times before giving up on its shard.
TASK_RETRIES = 2


# Seconds to wait for a scheduler to answer: one on a LAN answers in milliseconds and a
# busy one within a few seconds; Dask's own default (30 s) leaves a typo waiting too long.
SCHEDULER_CONNECT_TIMEOUT = 10.0


class PlanError(Exception):
    """Inputs that cannot be sharded (stdin), or no cluster to run them on; the message is
    one line."""


def input_stamp(path: str) -> str:
    """What identifies an input's content without reading it: a local file's path, size and
    modification time (an edited file gets a new stamp); a URL or a missing file its name."""
    if is_url(path):
        return path
    try:
        stat = os.stat(path)
    except OSError:
        return path
    return f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}"


@dataclass
class Shard:
    number: int
    inputs: list[str]
    stamps: list[str] = field(default_factory=list)  # input_stamp of each input, at planning

    @property
    def name(self) -> str:
        # The inputs' digest in the name: other inputs, or the same files edited since, never
        # reuse this shard's file (a reused file would store the text as it was).
        digest = hashlib.sha256("\n".join(self.stamps or self.inputs).encode()).hexdigest()[:12]
        return f"shard-{self.number:05d}-{digest}"


@dataclass
class DistributedSummary:
    shards: int = 0
    ingested: int = 0  # articles annotated by the tasks of this run
    reused: int = 0  # shard files already complete from an earlier run
    refused: list[str] = field(default_factory=list)  # inputs, and shards that failed
    merge: MergeSummary = field(default_factory=MergeSummary)

    @property
    def ok(self) -> bool:
        return not self.refused and self.merge.ok

    def line(self) -> str:
        return (f"{self.shards} shard(s) ({self.reused} reused): ingested {self.ingested}; "
                f"{self.merge.line()}")


def plan_shards(paths: list[str], shard_size: int = DEFAULT_SHARD_SIZE, *,
                jsonl: bool = False) -> tuple[list[Shard], list[str]]:
    """Split inputs deterministically: directories expanded (sorted, as ingest reads them),
    files and URLs kept in the order given, cut into shards of ``shard_size`` inputs (with
    --jsonl an input is a file of many articles). Returns the shards and refusals."""
    items, refused = [], []
    for path in paths:
        if path == "-":
            raise PlanError("-: standard input cannot be sent to a cluster; save it to a file")
        if not is_url(path) and Path(path).is_dir():
            files = expand_directory(Path(path), jsonl=jsonl)
            if not files:
                refused.append(f"{path}: no articles in directory")
            items.extend(str(f) for f in files)
        else:
            items.append(path)  # a missing file is refused by its task, with one line
    stamps = [input_stamp(item) for item in items]
    shards = [Shard(n, items[i:i + shard_size], stamps[i:i + shard_size])
              for n, i in enumerate(range(0, len(items), shard_size))]
    return shards, refused


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ingest_shard(inputs: list[str], shard_path: str, model: str | None = None,
                 jsonl: bool = False, batch_size: int = 16) -> dict:
    """The Dask task: ingest ``inputs`` into a new database at ``shard_path`` and return a
    small summary (paths, counts, refusals). A complete shard file is reused as is."""
    from claimtrack.ingest import ingest
    from claimtrack.nlp import load_nlp
    from claimtrack.store import open_db

    final = Path(shard_path)
    report = final.with_suffix(".json")
    if final.exists() and report.exists():
        return {**json.loads(report.read_text(encoding="utf-8")), "reused": True}
    part = final.with_name(final.name + ".part")
    _discard(part)  # what an earlier, failed attempt left behind
    nlp = load_nlp(model)  # cached: once per worker process
    db = open_db(part)
    try:
        summary = ingest(inputs, db, nlp, jsonl=jsonl, batch_size=batch_size)
        db.disable_wal()  # one self-contained file to rename, copy or ship
    finally:
        db.close()
    result = {"path": str(final), "inserted": len(summary.inserted),
              "duplicates": len(summary.duplicates), "refused": summary.refused,
              "reused": False}
    report.write_text(json.dumps(result), encoding="utf-8")
    os.replace(part, final)
    return result


@contextmanager
def connect(address: str, *, worker_memory: str | None = None) -> Iterator:
    """A Dask Client: ``local:N`` starts a LocalCluster of N single-threaded worker
    processes on this machine (spaCy holds the GIL for much of its work, so threads would
    not run in parallel); anything else is the address of a running scheduler."""
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise PlanError(f"{address}: expected local:N with N >= 1 workers")
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.ERROR,
                          memory_limit=worker_memory or "auto") as cluster, \
                Client(cluster) as client:
            yield client
    else:
        try:
            client = Client(address, timeout=SCHEDULER_CONNECT_TIMEOUT)
        except (OSError, ValueError) as e:  # nothing answered / not an address at all
            reason = (f"no Dask scheduler answered within {SCHEDULER_CONNECT_TIMEOUT:g} s"
                      if isinstance(e, OSError) else f"not a scheduler address ({e})")
            raise PlanError(
                f"{address}: {reason}; start one there with `dask scheduler` (and workers "
                f"with `dask worker {address}`), or use --dask local:N to run on this "
                "machine") from None
        with client:
            yield client


def run(client, shards: list[Shard], target, shard_dir: Path, *, model: str | None = None,
        jsonl: bool = False, batch_size: int = 16, task: Callable = ingest_shard,
        on_shard: Callable[[DistributedSummary], None] | None = None,
        summary: DistributedSummary | None = None) -> DistributedSummary:
    """Submit one task per shard not yet merged; merge the finished shards into ``target``
    (an open claimtrack database) while the others run, in plan order."""
    from distributed import as_completed

    from claimtrack.store import KnownNames

    summary = summary or DistributedSummary()
    futures = {}
    todo = pending(shards, target, shard_dir, summary)
    if todo:  # made only once there is work for it: a run that fails earlier leaves no folder
        shard_dir.mkdir(parents=True, exist_ok=True)
    for shard in todo:
        path = shard_dir / f"{shard.name}.db"
        # A fresh key per run: a key the scheduler still holds would return its old result.
        future = client.submit(task, shard.inputs, str(path), model, jsonl, batch_size,
                               key=f"claimtrack-{shard.name}-{uuid.uuid4().hex[:8]}",
                               retries=TASK_RETRIES, pure=False)
        futures[future] = shard
    known = KnownNames()  # one set of name indexes for every merge of the run
    order = list(futures.values())  # plan order
    done: dict[int, dict | None] = {}  # shard number -> its result (None: failed)
    for future in as_completed(futures):
        shard = futures.pop(future)
        try:
            done[shard.number] = future.result()
        except Exception as e:  # the task failed on every try, or its workers died
            done[shard.number] = None
            summary.refused.append(f"{shard.name} ({len(shard.inputs)} inputs): "
                                   f"{type(e).__name__}: {e}".splitlines()[0])
        # Merge in plan order, as soon as the next shard is done: source resolution depends
        # on what the registry already holds, so completion order would make the result
        # vary from run to run.
        while order and order[0].number in done:
            result = done.pop(order.pop(0).number)
            if result is not None:
                _merge_result(target, result, known, summary)
            if on_shard:
                on_shard(summary)
    if summary.merge.merged:
        finish(target)
    return summary


def _merge_result(target, result: dict, known, summary: DistributedSummary) -> None:
    summary.refused.extend(result["refused"])
    summary.reused += bool(result["reused"])
    summary.ingested += 0 if result["reused"] else result["inserted"]
    try:
        merge_shard(target, result["path"], known=known, summary=summary.merge)
    except MergeError as e:
        summary.merge.refused.append(str(e))


def pending(shards: list[Shard], target, shard_dir: Path,
            summary: DistributedSummary) -> list[Shard]:
    """The shards still to run: not those whose file an earlier run made and merged."""
    if summary.shards:  # already planned by ingest_distributed
        return shards
    summary.shards = len(shards)
    merged = {row[0] for row in target.execute("select id from merged_shards")}
    todo = []
    for shard in shards:
        path = shard_dir / f"{shard.name}.db"
        if path.exists() and _already_merged(path, merged):
            summary.reused += 1
            summary.merge.already_merged.append(str(path))
        else:
            todo.append(shard)
    return todo


def _already_merged(path: Path, merged: set[str]) -> bool:
    try:
        shard = open_shard(path)
    except MergeError:
        return False
    try:
        return shard_identity(shard) in merged
    finally:
        shard.close()


def ingest_distributed(paths: list[str], target, address: str, *, shard_dir: Path,
                       shard_size: int = DEFAULT_SHARD_SIZE, model: str | None = None,
                       jsonl: bool = False, batch_size: int = 16,
                       on_plan: Callable[[list[Shard]], None] | None = None,
                       on_shard: Callable[[DistributedSummary], None] | None = None,
                       task: Callable = ingest_shard) -> DistributedSummary:
    """``claimtrack ingest --dask ADDRESS``: plan the shards, run them on the cluster at
    ``address`` and merge them into ``target`` (an open claimtrack database)."""
    shards, refused = plan_shards(list(paths), shard_size, jsonl=jsonl)
    summary = DistributedSummary(refused=refused)
    todo = pending(shards, target, shard_dir, summary)
    if on_plan:
        on_plan(todo)
    if not todo:
        return summary  # nothing left to do: no cluster needed
    with connect(address) as client:
        return run(client, todo, target, shard_dir, model=model, jsonl=jsonl,
                   batch_size=batch_size, task=task, on_shard=on_shard, summary=summary)
