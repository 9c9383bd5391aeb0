"""Embedded Kafka-protocol broker (the ``noida-db`` binary from PyPI) for local runs, tests and benchmarks.

Deployment talks to Apache Kafka; nothing else in the code knows which broker it meets.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, TextIO

from services.kafka import quiet_connect_errors
from services.processes import kill_process_group, stop_process_group

if TYPE_CHECKING:
    from services.config import Settings

log = logging.getLogger(__name__)


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now (the OS picks it; another process may take it before use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def broker_binary() -> Path:
    """Path of the ``noida-db`` broker binary of the installed ``noida_db`` package, made executable if it
    was not; raises ``FileNotFoundError`` when the package ships no binary."""
    path = Path(str(files("noida_db").joinpath("noida-db")))
    if not path.is_file():
        raise FileNotFoundError(f"noida-db binary not found at {path}; `pip install noida-db`")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


class EmbeddedBroker:
    """Start ``noida-db --only kafka`` on a free loopback port in a temp dir; stop it and remove the dir.

    Usable as a context manager; ``bootstrap_servers`` is ``127.0.0.1:PORT``.
    """

    def __init__(self, port: int | None = None, data_dir: Path | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self._own_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="samachar-broker-"))
        self.log_path = log_path or self.data_dir / "broker.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        """``127.0.0.1:PORT``, the Kafka bootstrap address of this broker."""
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "EmbeddedBroker":
        """Start the broker in its own process group and wait (up to ``timeout`` seconds) until it answers a
        metadata request; returns ``self``. Raises ``FileNotFoundError`` (no binary), ``RuntimeError`` (the broker exited)
        or ``TimeoutError`` (not ready in time), after stopping what was started."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        logfile = open(self.log_path, "ab")
        cmd = [
            str(broker_binary()), "start", "--data-dir", str(self.data_dir / "data"),
            "--only", "kafka", "--kafka-port", str(self.port),
        ]
        log.info("starting embedded broker: %s", " ".join(cmd))
        # Own process group, so stop() takes down anything the binary spawns.
        self._proc = subprocess.Popen(cmd, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
        logfile.close()
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the broker answers a metadata request (not just accepts TCP)."""
        deadline = time.monotonic() + timeout
        last_error: BaseException | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"embedded broker exited with {self._proc.returncode}; see {self.log_path}")
            try:
                with quiet_connect_errors():  # "connection refused" is expected until the broker listens
                    asyncio.run(_metadata_ok(self.bootstrap_servers))
                log.info("embedded broker ready on %s", self.bootstrap_servers)
                return
            except Exception as exc:  # noqa: BLE001 - retried until the deadline
                last_error = exc
                time.sleep(0.2)
        raise TimeoutError(f"embedded broker not ready after {timeout}s: {last_error}")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the broker's process group (SIGTERM, SIGKILL after ``timeout`` seconds) and remove the data
        directory if this broker created it; safe to call twice or before ``start``."""
        proc, self._proc = self._proc, None
        if proc is not None:
            stop_process_group(proc, timeout)
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def kill(self) -> None:
        """Hard-stop (SIGKILL) keeping the data dir, e.g. to simulate an outage; ``start()`` again after."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            kill_process_group(proc)

    def wait(self) -> int | None:
        """Block until the broker process exits (KeyboardInterrupt still interrupts); its exit code, None when
        it was not started."""
        proc = self._proc
        return None if proc is None else proc.wait()

    def __enter__(self) -> "EmbeddedBroker":
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


async def _metadata_ok(bootstrap_servers: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=2000)
    await admin.start()
    try:
        await admin.describe_cluster()
    finally:
        await admin.close()


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) and SIGTERM inside the block, e.g. while stopping child processes, so a second Ctrl-C
    cannot leave them running or print a traceback; the previous handlers are restored after. Main thread only."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Inside the block SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so ``kill PID`` stops a foreground
    command through the same clean-up path. Main thread only."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when ``host:port`` cannot be bound (something listens there already)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def run_foreground(
    settings: "Settings", port: int = 9092, data_dir: Path | None = None, create: bool = True,
    out: TextIO | None = None, err: TextIO | None = None,
) -> int:
    """``samachar broker``: the embedded broker on ``127.0.0.1:port`` until Ctrl-C or SIGTERM; the exit code.

    Prints the bootstrap address and how to use it on ``out`` (default stdout) once the broker answers, after
    creating the topics of ``services.outputs`` with ``settings.partitions`` partitions when ``create``. Keeps its
    data in ``data_dir`` across runs when given, else in a temporary directory removed on exit. Returns 0 when
    stopped by Ctrl-C/SIGTERM (quietly, one line on ``err``), 1 with one line on ``err`` when the port is taken,
    the ``noida-db`` binary is missing, or the broker fails to start or exits by itself.
    """
    from services.kafka import create_topics

    out = out or sys.stdout
    err = err or sys.stderr
    if port_in_use(port):
        print(f"samachar broker: port {port} on 127.0.0.1 is in use (a broker already running?); "
              f"choose another with --port", file=err)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="samachar-broker-"))
    keep = data_dir is not None
    broker = EmbeddedBroker(port=port, data_dir=data_dir or scratch, log_path=scratch / "broker.log")
    try:
        with sigterm_interrupts():
            try:
                broker.start()
            except (FileNotFoundError, RuntimeError, TimeoutError) as exc:
                print(f"samachar broker: could not start: {exc}{_log_tail(broker.log_path)}", file=err)
                return 1
            address = broker.bootstrap_servers
            topics = ""
            if create:
                asyncio.run(create_topics(settings.model_copy(update={"bootstrap_servers": address})))
                topics = f"; topics created ({settings.partitions} partitions)"
            where = f"data in {broker.data_dir}" if keep else "data removed on exit"
            print(f"Kafka-protocol broker ready on {address} ({where}{topics})\n"
                  f"use it with SAMACHAR_BOOTSTRAP_SERVERS={address} (or --bootstrap-servers {address}) for "
                  f"produce, consume, topics and worker; Ctrl-C stops it", file=out, flush=True)
            code = broker.wait()
            print(f"samachar broker: the broker exited by itself with {code}{_log_tail(broker.log_path)}", file=err)
            return 1
    except KeyboardInterrupt:
        with interrupts_deferred():
            broker.stop()
        print("samachar broker: stopped", file=err)
        return 0
    finally:
        with interrupts_deferred():
            broker.stop()
            shutil.rmtree(scratch, ignore_errors=True)


def _log_tail(path: Path, lines: int = 3) -> str:
    try:
        tail = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()][-lines:]
    except OSError:
        return ""
    return f" (broker log: {' | '.join(tail)})" if tail else ""
