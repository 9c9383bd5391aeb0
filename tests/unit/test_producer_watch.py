"""Issue 11 item 14: ``samachar produce --watch`` on an inbox it cannot write reports it in one line and waits.

Before, the compose producer (uid 10001) died on a raw PermissionError on a user-owned ``./inbox`` and restarted
forever. The watcher runs here in a forked child as a user that cannot write the inbox (uid 65534 when the tests run
as root, which ignores file modes; a read-only mode otherwise), then the inbox is made writable and it must go on.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.config import Settings
from services.producer.produce import inbox_problem, watch_directory

NOBODY = 65534
BOUND = 60.0  # seconds: only a bound for a hung child, never what the test measures


def _watch_as_other_user(inbox: str, log_path: str) -> None:
    handler = logging.FileHandler(log_path)  # opened before dropping privileges
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logging.getLogger().handlers[:] = [handler]
    logging.getLogger().setLevel(logging.INFO)
    if os.getuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    settings = Settings(_env_file=None, bootstrap_servers="127.0.0.1:9")  # no file is produced in this test
    asyncio.run(watch_directory(settings, Path(inbox), interval=0.05, settle_seconds=0.0))


def _wait_for(condition, child: multiprocessing.process.BaseProcess) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + BOUND
    while not condition() and child.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def reachable_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory every user can reach (pytest's own tmp root is private to the user running the tests)."""
    path = Path(tempfile.mkdtemp(prefix="samachar-inbox-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_watch_waits_on_an_unwritable_inbox_and_goes_on_once_writable(reachable_dir: Path, tmp_path: Path) -> None:
    inbox = reachable_dir / "inbox"
    inbox.mkdir(mode=0o755)  # owned by the test's user; the child cannot write it
    if os.getuid() != 0:
        inbox.chmod(0o555)
    log_path = tmp_path / "producer.log"
    log_path.touch()
    child = multiprocessing.get_context("fork").Process(target=_watch_as_other_user, args=(str(inbox), str(log_path)))
    child.start()
    try:
        _wait_for(lambda: "cannot write" in log_path.read_text(), child)
        text = log_path.read_text()
        assert child.is_alive(), f"the producer exited ({child.exitcode}) on an unwritable inbox:\n{text}"
        errors = [line for line in text.splitlines() if line.startswith("ERROR")]
        assert len(errors) == 1, text  # one line, not once per round
        assert "SAMACHAR_UID" in errors[0] and "uid" in errors[0] and "Traceback" not in text
        assert not (inbox / ".processed").exists()

        if os.getuid() == 0:  # what the operator does: give the inbox to the producer's user
            os.chown(inbox, NOBODY, NOBODY)
        else:
            inbox.chmod(0o755)
        _wait_for(lambda: "writable now" in log_path.read_text(), child)
        assert child.is_alive(), log_path.read_text()
        assert (inbox / ".processed").is_dir() and (inbox / ".failed").is_dir()
    finally:
        child.terminate()
        child.join(BOUND)


def test_inbox_problem_is_none_for_a_writable_inbox(tmp_path: Path) -> None:
    assert inbox_problem(tmp_path, tmp_path / ".processed", tmp_path / ".failed") is None
    assert (tmp_path / ".processed").is_dir()


def test_inbox_problem_names_the_directory_when_it_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / ".processed").write_text("a file where the directory should be")
    problem = inbox_problem(tmp_path, tmp_path / ".processed", tmp_path / ".failed")
    assert problem is not None and str(tmp_path) in problem and "SAMACHAR_UID" in problem


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # fork() with threads (3.12+)
