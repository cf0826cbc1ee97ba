"""Per-page wall-time limits for Python code: a signal in the main thread, an injected exception elsewhere.

Neither stops a single long C call; pool workers add `watchdog` for that,
which ends the whole process.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

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


def abandon_after(seconds: float, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in a helper thread, given up on with PageTimeout after `seconds`.

    For threads other than the main one (dask's), where the deadline is an
    exception injected between bytecodes: a system call that blocks (a read
    from a hung network mount) never reaches the next bytecode, so nothing
    would stop it. Here the caller waits with a time limit instead, and a
    helper stuck in the kernel is left behind (a daemon thread, with its
    open file) until the call returns; the page is a timeout and the worker
    goes on. What `fn` raises is raised in the caller.
    """
    outcome: list[tuple[bool, Any]] = []

    def work() -> None:
        try:
            outcome.append((True, fn(*args)))
        except BaseException as exc:  # handed to the caller, whatever it is
            outcome.append((False, exc))

    helper = threading.Thread(target=work, name="page-read", daemon=True)
    helper.start()
    helper.join(seconds)
    if not outcome:
        raise PageTimeout
    done, value = outcome[0]
    if not done:
        raise value
    return value


@contextlib.contextmanager
def watchdog(timeout_s: float) -> Iterator[None]:
    """End the whole process once the block has used 1.5 x `timeout_s` + 0.5 s of CPU time.

    For pool workers only. The soft deadline (a signal handled in Python)
    fires between bytecodes; a page stuck in one long C call (parsing a huge
    tree, big arithmetic) holds it for ever. SIGPROF left to its default
    action ends the process in the kernel, with no Python code and no thread
    involved; the pool runner sees a crash and re-runs the page alone, as a
    timeout. CPU time, not wall time: what gets stuck inside the page
    function is a C loop (reading the page is guarded by the soft deadline
    alone), and arming the profiling timer is two system calls, where a
    watchdog thread (faulthandler's) cost a thread start and join per page,
    about 2% of a page's time.
    """
    previous = signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, timeout_s * 1.5 + 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
