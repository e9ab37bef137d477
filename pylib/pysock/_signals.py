"""Signals for scripts whose threads wait inside pysock's Java socket calls.

A Python signal handler runs only when the main thread executes Python code, and a thread
blocked in a Java socket wait (recv, accept, select) does not. So whenever a script installs a
Python handler, pysock also chains a JVM-level handler that makes every socket wait return
EINTR: the Python side then lets the interpreter run the handler, and retries (PEP 475).

``signal.set_wakeup_fd`` may name a pysock socket, as asyncio's ``add_signal_handler`` does
with its self-pipe: GraalPy's own wake-up fd machinery cannot write to it, so the handler
installed here writes the signal number into that socket before calling the script's handler.
``getsignal`` returns the script's own handler, never the wrapper.
"""

import _thread
import operator as _operator
import signal as _signal
import sys as _sys

from pysock import _bridge

_signal_orig = _signal.signal
_getsignal_orig = _signal.getsignal
_set_wakeup_fd_orig = _signal.set_wakeup_fd

_handlers = {}        # signum -> the script's handler
_wakeup = [-1, None]  # fd, its Java socket (when the wake-up fd is a pysock socket)


def _deliver(signum, frame):
    j = _wakeup[1]
    if j is not None and not j.isClosed():
        arr, n = _bridge.readable(bytes([signum & 0xFF]))
        try:
            j.send(arr, 0, n, 0)
        except _bridge.Foreign:
            pass  # full or closed: CPython also drops the byte (and warns)
    handler = _handlers.get(signum)
    if callable(handler):
        handler(signum, frame)


def signal(signalnum, handler):
    # CPython's checks first: GraalPy's own errors for these carry a Java stack trace.
    signalnum = _operator.index(signalnum)
    if not 1 <= signalnum < _signal.NSIG:
        raise ValueError("signal number out of range")
    old = getsignal(signalnum)
    # GraalPy's own signal.signal runs inside the Java call: in the resident daemon the JVM-level
    # handler it sets must be taken for this run before another run's can replace it.
    try:
        if callable(handler):
            _bridge.mod.installSignal(signalnum, True, lambda: _signal_orig(signalnum, _deliver))
            _handlers[signalnum] = handler
        else:
            _bridge.mod.installSignal(signalnum, False, lambda: _signal_orig(signalnum, handler))
            _handlers.pop(signalnum, None)
    except (ValueError, OSError) as e:
        if "Java" not in str(e):
            raise
        # A signal the JVM will not let anyone handle (SIGKILL, SIGSTOP, its own): as the kernel says.
        raise OSError(22, "Invalid argument") from None
    return old


def getsignal(signalnum):
    if signalnum in _handlers:
        return _handlers[signalnum]
    return _getsignal_orig(signalnum)


def set_wakeup_fd(fd, *, warn_on_full_buffer=True):
    fd = _operator.index(fd)
    if _thread.get_ident() != _main_ident:
        raise ValueError("set_wakeup_fd only works in main thread of the main interpreter")
    try:
        j = _bridge.mod.fromFd(fd) if fd >= 0 else None
    except _bridge.Foreign:
        j = None
    if j is None:
        old = _wakeup[0] if _wakeup[1] is not None else _set_wakeup_fd_orig(fd, warn_on_full_buffer=warn_on_full_buffer)
        if _wakeup[1] is not None:
            _set_wakeup_fd_orig(fd, warn_on_full_buffer=warn_on_full_buffer)
        _wakeup[0], _wakeup[1] = fd, None
        return old
    if j.getblocking():
        raise ValueError("the fd %d must be in non-blocking mode" % fd)
    old = _wakeup[0] if _wakeup[1] is not None else _set_wakeup_fd_orig(-1)
    _wakeup[0], _wakeup[1] = fd, j
    return old


_raise_signal_orig = _signal.raise_signal


def _own_signal(signalnum):
    """CPython's checks of a signal a script sends its own process, before any Java call: a number
    out of range is EINVAL, not a Java exception (GraalPy's raise_signal ends the run on one)."""
    signalnum = _operator.index(signalnum)
    if not 0 <= signalnum < _signal.NSIG:
        raise OSError(22, "Invalid argument")
    return signalnum


def _raise_in_process(signalnum):
    # GraalPy raises a signal through the JVM, which knows the classic signals by name only; on a
    # real-time one (SIGRTMIN..SIGRTMAX) it fails with a Java exception that ends the run.
    try:
        name = _signal.Signals(signalnum).name
    except ValueError:
        name = "SIGRT"
    if name.startswith("SIGRT"):
        raise OSError(95, "Operation not supported (pysock: the JVM cannot raise real-time signal %d)" % signalnum)
    _raise_signal_orig(signalnum)


def raise_signal(signalnum):
    signalnum = _own_signal(signalnum)
    if signalnum == 0:
        return  # raise(0) does nothing, as on Linux
    # In the resident daemon the process is shared: a run's signal to "itself" goes to that run.
    if not _bridge.mod.raiseSignal(signalnum):
        _raise_in_process(signalnum)


def _wrap_kill(kill):
    import os

    def kill_(pid, sig):
        pid = _operator.index(pid)
        if pid == os.getpid():
            sig = _own_signal(sig)
            if sig == 0:
                return  # "does this process exist?": it does (GraalPy's kill says ESRCH)
            if _bridge.mod.raiseSignal(sig):
                return
            if sig not in (_signal.SIGKILL, _signal.SIGTERM):
                # GraalPy's Java POSIX layer sends only KILL and TERM (any other is
                # io.UnsupportedOperation); to this process, raising it here delivers it the same way.
                _raise_in_process(sig)
                return
        kill(pid, sig)
    kill_.__name__, kill_.__doc__ = kill.__name__, kill.__doc__
    return kill_


# The thread that ran install(), i.e. the main thread. Not threading.main_thread(): threading (with
# traceback, linecache and tokenize behind it) is left unloaded until a script loads it, as CPython
# does, and whichever thread first imports threading becomes its main thread.
_main_ident = None


def install():
    global _main_ident
    _main_ident = _thread.get_ident()
    import os
    os.kill = _wrap_kill(os.kill)
    _signal.raise_signal = raise_signal
    _signal.signal = signal
    _signal.getsignal = getsignal
    _signal.set_wakeup_fd = set_wakeup_fd
    if _bridge.mod.signalsPerRun():
        # In the daemon, pysock runs the handlers itself after a wait returns EINTR (see
        # RunSignals): the table above must know SIGINT's default, KeyboardInterrupt.
        signal(_signal.SIGINT, _signal.default_int_handler)
        _bridge.pending_hook = _run_pending
        import time
        time.sleep = _sleep


def _run_pending():
    while True:
        signum = _bridge.mod.takePendingSignal()
        if signum < 0:
            return
        handler = _handlers.get(signum)
        if callable(handler):
            handler(signum, _sys._getframe(1))


def _sleep(secs):
    # time.sleep that a signal for this run interrupts (PEP 475: the handler runs, then the
    # sleep goes on for what is left, unless the handler raised).
    import time
    if isinstance(secs, int):
        secs = float(secs)
    elif not isinstance(secs, float):
        secs = float(_operator_index_or_float(secs))
    if secs != secs:
        raise ValueError("Invalid value NaN (not a number)")
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + secs
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        if _bridge.call(_bridge.mod.sleepUnlessSignalled, int(min(left, 1e9) * 1e9)):
            _run_pending()


def _operator_index_or_float(value):
    try:
        return value.__float__()
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer or float" % type(value).__name__) from None
