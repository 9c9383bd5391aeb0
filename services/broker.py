"""Embedded Kafka-protocol broker (the ``noida-db`` binary from PyPI) for local runs, tests and benchmarks.

Deployment talks to Apache Kafka; nothing else in the code knows which broker it meets.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from importlib.resources import files
from pathlib import Path
from types import TracebackType

from services.kafka import quiet_connect_errors
from services.processes import kill_process_group, stop_process_group

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
