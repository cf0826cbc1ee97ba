"""Per-page wall-time limits for Python code: a signal in the main thread, an injected exception elsewhere.

Neither stops a single long C call; pool workers add `watchdog` for that,
which ends the whole process.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_REFIRE_S = 0.02  # how soon a timeout that page code swallowed is raised again


class PageTimeout(BaseException):
    """Raised inside a page that ran past its time limit.

    A BaseException so that a broad `except Exception` in page code cannot
    swallow it and keep running.
    """


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise PageTimeout in the running code once `seconds` have passed, and on the way out after that.

    The main thread uses SIGALRM (interrupts sleeps and Python code). Any
    other thread (dask runs tasks in threads) gets the exception injected by
    the interpreter at its next bytecode, which is the only way to stop
    foreign code in a thread. An exception that lands where Python cannot
    pass it on (a finalizer, or an isinstance hook called from pydantic's
    validator) is dropped with an "Exception ignored" message and the page
    runs on: so the signal fires again until the block ends, those messages
    are kept quiet, and a block that ends late raises PageTimeout anyway.
    """
    start = time.monotonic()
    alarm = _alarm if threading.current_thread() is threading.main_thread() else _thread_alarm
    with alarm(seconds):
        yield
    if time.monotonic() - start > seconds:
        raise PageTimeout


@dataclass(slots=True)
class _Armed:
    """Whether the SIGALRM handler of one block may still raise (and re-arm itself)."""

    active: bool = True


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds`, then every _REFIRE_S until the block ends, with swallowed timeouts silenced."""
    state = _Armed()

    def fire(_signum: int, _frame: object) -> None:
        if state.active:
            signal.setitimer(signal.ITIMER_REAL, _REFIRE_S)
            raise PageTimeout

    previous = signal.signal(signal.SIGALRM, fire)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_timeouts(previous_hook)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        # Inline, not a helper: a call is where a pending signal is raised, and
        # one raised before `active` drops would leave the re-firing timer armed.
        while state.active:
            try:  # noqa: SIM105 (suppress() is a call: see above)
                state.active = False
            except PageTimeout:
                pass  # fired just before; deadline() measures the time itself
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook


def _quiet_timeouts(hook: Any) -> Any:
    """`hook` for everything but a PageTimeout dropped in a finalizer: that one is the deadline's business."""

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, PageTimeout):
            hook(unraisable)

    return quiet


class _ThreadAlarm:
    """Injects PageTimeout into one thread unless disarmed first; the lock closes the race between the two."""

    def __init__(self, thread_id: int) -> None:
        self._thread_id = thread_id
        self._lock = threading.Lock()
        self._armed = True

    def fire(self) -> None:
        with self._lock:
            if self._armed:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread_id), ctypes.py_object(PageTimeout)
                )

    def disarm(self) -> None:
        with self._lock:
            self._armed = False


@contextlib.contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    alarm = _ThreadAlarm(threading.get_ident())
    timer = threading.Timer(seconds, alarm.fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        alarm.disarm()
        timer.cancel()


@contextlib.contextmanager
def watchdog(timeout_s: float) -> Iterator[None]:
    """Exit the process if the block runs past 1.5 x `timeout_s` + 0.5 s.

    The soft deadline (a signal) only fires between Python bytecodes; a page
    stuck in one long C call (parsing a huge tree, big arithmetic) holds it for
    ever. faulthandler's watchdog thread needs no GIL and exits the process,
    which the pool runner sees as a crash and re-runs alone as a timeout.
    Each arming starts a thread, so it guards only the page function: on a
    rerun, where pages are skipped in well under a millisecond, arming it for
    every page was a third of the time.
    """
    with open(os.devnull, "w") as sink:
        faulthandler.dump_traceback_later(timeout_s * 1.5 + 0.5, exit=True, file=sink)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
