"""claimtrack ingest --dask: shards annotated by Dask workers, merged by the client.

One LocalCluster of two worker processes (each loads spaCy once) serves the module, so the
tests stay within about a minute; its scheduler address is what `--dask tcp://...` takes."""

import logging
import os
import sys
from pathlib import Path

import cloudpickle
import pytest
from click.testing import CliRunner

from claimtrack import distributed
from claimtrack.cli import cli
from claimtrack.ingest import ingest
from claimtrack.store import open_db
from conftest import SEED
from shard_fixtures import comparable, write_articles

# The tasks below run in the workers, which cannot import this test module: ship them by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as local, \
            Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    directory = tmp_path_factory.mktemp("stories")
    write_articles(directory, 5)
    return [str(directory), str(SEED)]


@pytest.fixture(scope="module")
def single(nlp, inputs, tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("single") / "single.db")
    assert ingest(inputs, db, nlp).ok
    return comparable(db)


def test_plan_is_deterministic_and_refuses_stdin(inputs):
    shards, refused = distributed.plan_shards(inputs, 4)
    assert refused == []
    assert [len(s.inputs) for s in shards] == [4, 2]
    assert shards[0].inputs[0].endswith("story-000.txt") and shards[-1].inputs[-1] == str(SEED)
    assert [s.name for s in shards] == [s.name for s in distributed.plan_shards(inputs, 4)[0]]
    with pytest.raises(distributed.PlanError, match="standard input"):
        distributed.plan_shards(["-"], 4)


def test_an_input_edited_since_an_earlier_run_is_ingested_as_it_is_now(nlp, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("The bridge will reopen in July, the transport office said.\n",
                     encoding="utf-8")
    (first,), _ = distributed.plan_shards([str(story)], 4)
    shard_dir = tmp_path / "shards"
    shard_dir.mkdir()
    distributed.ingest_shard(first.inputs, str(shard_dir / f"{first.name}.db"))
    # Same length, so only the modification time tells the edit apart.
    story.write_text("The bridge will reopen in June, the transport office said.\n",
                     encoding="utf-8")
    os.utime(story, ns=(story.stat().st_atime_ns, story.stat().st_mtime_ns + 10**9))
    (again,), _ = distributed.plan_shards([str(story)], 4)
    assert again.name != first.name and again.inputs == first.inputs
    result = distributed.ingest_shard(again.inputs, str(shard_dir / f"{again.name}.db"))
    assert result["reused"] is False
    shard = open_db(result["path"])
    assert [r["text"] for r in shard.query("select text from articles")] == [
        "The bridge will reopen in June, the transport office said."]


def test_cli_ingest_on_a_cluster_equals_a_single_process_ingest(cluster, inputs, single,
                                                                  tmp_path):
    out = tmp_path / "out.db"
    address = cluster.scheduler.address
    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(out), "--dask", address,
                                      "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        "3 shard(s) (0 reused): ingested 6; merged 3 shard(s), skipped 0 already merged, "
        "refused 0: 6 articles inserted, 0 already present")
    assert comparable(open_db(out)) == single
    shard_dir = tmp_path / "out-shards"
    assert sorted(p.suffix for p in shard_dir.iterdir()) == [".db"] * 3 + [".json"] * 3
    # Run again: every shard is known as merged, no cluster is needed, nothing changes.
    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(out), "--dask",
                                      "tcp://127.0.0.1:1", "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    assert "3 shard(s) (3 reused): ingested 0; merged 0 shard(s), skipped 3" in result.output
    assert comparable(open_db(out)) == single


def kill_worker_once(inputs, shard_path, *args):
    """Dies (the whole worker process) on its first call for the second shard, after
    leaving a partial shard file, as a machine lost mid-task would."""
    marker = Path(shard_path).parent / "killed-once"
    if "shard-00001" in shard_path and not marker.exists():
        marker.touch()
        Path(shard_path + ".part").write_text("half a database")
        os._exit(1)
    return distributed.ingest_shard(inputs, shard_path, *args)


def test_a_killed_worker_is_replaced_and_its_shard_rerun(cluster, inputs, single, tmp_path):
    db = open_db(tmp_path / "out.db")
    shards, _ = distributed.plan_shards(inputs, 2)
    summary = distributed.run(cluster, shards, db, tmp_path / "shards", task=kill_worker_once)
    assert (tmp_path / "shards" / "killed-once").exists()
    assert summary.ok, summary.refused
    assert len(summary.merge.merged) == 3
    assert not list((tmp_path / "shards").glob("*.part*"))
    assert comparable(db) == single


def fail_second_shard(inputs, shard_path, *args):
    if "shard-00001" in shard_path:
        Path(shard_path + ".part").write_text("half a database")
        raise RuntimeError("disk full")
    return distributed.ingest_shard(inputs, shard_path, *args)


def test_an_interrupted_run_completes_when_run_again(cluster, inputs, single, tmp_path):
    db = open_db(tmp_path / "out.db")
    shards, _ = distributed.plan_shards(inputs, 2)
    first = distributed.run(cluster, shards, db, tmp_path / "shards", task=fail_second_shard)
    assert not first.ok
    assert first.refused == [f"{shards[1].name} (2 inputs): RuntimeError: disk full"]
    assert len(first.merge.merged) == 2
    assert db["articles"].count == 4

    again = distributed.run(cluster, shards, db, tmp_path / "shards")
    assert again.ok
    # Only the failed shard ran; the two merged ones were recognised and skipped.
    assert (again.reused, again.ingested, len(again.merge.merged)) == (2, 2, 1)
    assert comparable(db) == single


def test_cli_refuses_what_a_cluster_cannot_do(inputs, tmp_path):
    out = str(tmp_path / "out.db")
    for args, message in [
        (["--dask", "local:2", "--replace"], "--dask does not combine with --replace"),
        (["--dask", "local:0"], "local:0: expected local:N with N >= 1 workers"),
    ]:
        result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", out, *args])
        assert result.exit_code == 1 and message in result.output, result.output
        assert not Path(out).exists()
        # Nothing ran, so the shard folder the run would have made is not left behind.
        assert not (tmp_path / "out-shards").exists()
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", out, "--dask", "local:1"])
    assert result.exit_code == 1
    assert "standard input cannot be sent to a cluster" in result.output


def test_an_unreachable_scheduler_is_named_with_how_to_start_one(inputs, tmp_path,
                                                               monkeypatch):
    import socket

    monkeypatch.setattr(distributed, "SCHEDULER_CONNECT_TIMEOUT", 1.0)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out.db"
    address = f"tcp://127.0.0.1:{port}"
    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(out), "--dask", address])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {address}: no Dask scheduler answered within 1 s; start one there with "
        f"`dask scheduler` (and workers with `dask worker {address}`), or use --dask "
        "local:N to run on this machine\n")
    assert not out.exists()  # the run created it and stored nothing
    garbled = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(out), "--dask",
                                       "scheduler-without-port"])
    assert garbled.exit_code == 1
    assert garbled.output.startswith("Error: scheduler-without-port: not a scheduler address")
    assert garbled.output.count("\n") == 1
