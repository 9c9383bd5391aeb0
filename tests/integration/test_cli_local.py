"""Issue 11 items 9 and 10 with real processes: ``samachar broker`` serves produce/consume/topics and stops quietly;
``samachar demo`` exits like ``produce`` (2 when something was dead-lettered) and stops quietly on Ctrl-C, leaving
no broker or worker behind."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import signal
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from services.broker import free_port
from tests.conftest import SEEDS
from tests.unit.test_cli import REPO, samachar

pytestmark = pytest.mark.integration


def _env() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "SAMACHAR_BOOTSTRAP_SERVERS"}
    env["PYTHONPATH"] = str(REPO)
    return env


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _pids_with_env(entry: str) -> list[int]:
    """Processes of this user whose environment holds ``entry`` (NAME=value)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if entry.encode() in (proc / "environ").read_bytes().split(b"\0"):
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child before exec: SIGINT back to its default. A test run started in the background of a
    non-interactive shell (``make test &``) ignores SIGINT, children inherit that, and Python then installs no
    KeyboardInterrupt handler: the Ctrl-C these tests send would be lost (seen from a fresh clone run with ``&``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_broker_command_serves_produce_and_consume_then_stops_quietly(tmp_path: Path) -> None:
    port = free_port()
    address = f"127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "services.cli", "broker", "--port", str(port)], cwd=REPO,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]  # printed once the broker answers
        assert first.startswith(f"Kafka-protocol broker ready on {address}"), first
        assert "topics created" in first
        assert samachar("topics", "--bootstrap-servers", address).stdout.strip() == "created: none (all exist)"
        (tmp_path / "a.txt").write_text("दिल्ली में बारिश हुई।", encoding="utf-8")
        produced = samachar("produce", str(tmp_path / "a.txt"), env={"SAMACHAR_BOOTSTRAP_SERVERS": address})
        assert produced.returncode == 0, produced.stderr
        consumed = samachar("consume", "articles.raw", "--max", "1", "--idle-timeout", "2", "--format", "value",
                            "--bootstrap-servers", address)
        assert "दिल्ली में बारिश हुई।" in consumed.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert err.strip() == "samachar broker: stopped"
    assert not _listening(port)


def test_demo_exits_2_when_something_was_dead_lettered_with_progress_on_a_terminal(tmp_path: Path) -> None:
    """stderr is a terminal (a pty, 120 columns): the wait phase shows a progress bar there; stdout (piped) holds the
    summary only."""
    shutil.copy(sorted(SEEDS.iterdir())[0], tmp_path / "article.txt")
    (tmp_path / "scan.bin").write_bytes(b"\x00\x01binary")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the pty closed: every writer is gone
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "services.cli", "demo", str(tmp_path), "--partitions", "1"],
                              cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=slave, text=True,
                              timeout=300)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    err = b"".join(chunks).decode("utf-8", errors="replace")
    assert proc.returncode == 2, proc.stdout + err
    assert "Traceback" not in err
    assert "enriched or dead-lettered: 100%" in err and "1/1" in err
    assert "1 dead-lettered: read/UnsupportedFileType 1" in proc.stdout
    assert "1 articles enriched, 1 dead-lettered" in proc.stdout
    assert "100%" not in proc.stdout


def test_ctrl_c_during_the_demo_stops_broker_and_worker_quietly(tmp_path: Path) -> None:
    shutil.copy(sorted(SEEDS.iterdir())[0], tmp_path / "article.txt")
    proc = subprocess.Popen([sys.executable, "-m", "services.cli", "demo", str(tmp_path)], cwd=tmp_path, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_as_in_a_terminal)
    out = []
    port = None
    worker: list[int] = []
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            out.append(line)
            if line.startswith("broker on 127.0.0.1:"):
                port = int(line.split(":")[1].split(";")[0])
            if line.startswith("starting worker"):
                break
        assert port is not None, "".join(out)
        deadline = time.monotonic() + 60
        while not worker and time.monotonic() < deadline:  # the worker process exists (loading its models)
            worker = _pids_with_env(f"SAMACHAR_BOOTSTRAP_SERVERS=127.0.0.1:{port}")
            time.sleep(0.1)
        assert worker
    finally:
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=120)
    text = "".join(out) + rest + err
    assert proc.returncode == 130, text
    assert "Traceback" not in text
    assert err.strip().splitlines()[-1] == "samachar demo: interrupted; worker and broker stopped"
    assert not _listening(port)
    assert not _pids_with_env(f"SAMACHAR_BOOTSTRAP_SERVERS=127.0.0.1:{port}")
