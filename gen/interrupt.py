"""Stopping cleanly: SIGTERM and SIGHUP end a run the way Ctrl-C does, so every `finally` runs.

Python turns SIGINT into KeyboardInterrupt but dies on SIGTERM (what `kill`, a closed SSH session's
SIGHUP, or a service manager sends) without removing anything. Here all three raise `Interrupted`,
and the few steps that must not be cut in half (renaming an output set into place) hold them back
until they are done.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A signal asked the run to stop; `signum` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # as a shell reports a process ended by that signal


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise Interrupted in this process (its main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        # A signal ignored by whoever started us (nohup, a batch system) stays ignored.
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise)


@contextmanager
def held() -> Iterator[None]:
    """Delay SIGINT, SIGTERM and SIGHUP until the block is over (they are delivered after it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
