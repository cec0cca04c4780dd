"""One local stack per state directory, and a clear refusal when its ports are taken.

Checked before the stack touches anything in the state directory: a second `make run` in the
same checkout must leave the running desk's outbox, keys and data alone.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import socket
from pathlib import Path

LOCK_FILE = "devstack.lock"
EXIT_BUSY = 3  # what `python -m devstack` exits with when it cannot start (see README)


class Busy(Exception):
    """The stack cannot start here; the message says why and what to do, in one line."""


class StateLock:
    """An exclusive flock on `<state dir>/devstack.lock`, held while the stack runs; the kernel
    drops it when the process ends, however it ends."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_FILE
        self._descriptor: int | None = None

    def acquire(self) -> StateLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = os.pread(descriptor, 64, 0).decode(errors="replace").strip() or "?"
            os.close(descriptor)
            if error.errno in (errno.EWOULDBLOCK, errno.EACCES):
                raise Busy(f"another local stack (pid {holder}) is running on {self.path.parent}; "
                           f"stop it first, or set LOCAL_STATE_DIR to run a second one") from None
            raise
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        self._descriptor = descriptor
        return self

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def check_ports(host: str, ports: dict[str, tuple[int, str]]) -> None:
    """Each of `ports` ({"API": (8000, "PORT")}) must be free on `host` (Busy otherwise)."""
    for name, (port, variable) in ports.items():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As the servers bind: a port left in TIME_WAIT by the previous run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as error:
                raise Busy(f"the {name} port {host}:{port} is already in use ({error.strerror}); "
                           f"stop what uses it, or set {variable} to another port") from None


def reset(state_dir: Path) -> None:
    """`make reset`: empty the state directory, unless a stack is running on it."""
    if not state_dir.exists():
        return
    lock = StateLock(state_dir).acquire()
    try:
        for entry in state_dir.iterdir():
            if entry.name == LOCK_FILE:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    finally:
        lock.release()
