"""Stopping child processes started in their own session (broker, workers, Prometheus in tests).

They run with ``start_new_session=True`` so a signal to the process group also reaches what they spawned.
"""

from __future__ import annotations

import os
import signal
import subprocess


def kill_process_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the group (as a crash would) and reap it; a group already gone is fine."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def stop_process_group(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> int | None:
    """SIGTERM the group, SIGKILL it after ``timeout`` seconds; return the exit code."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            kill_process_group(proc)
    return proc.returncode
