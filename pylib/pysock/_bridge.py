"""The one crossing between pysock's Python modules and Java.

``_socket``, ``select``, ``_signals`` and ``java`` all reach Java through here: the Java side's
``io.pysock.net.SocketModule`` (``mod``), calls that turn a Java ``SocketError`` into the Python
exception CPython raises and retry after EINTR (PEP 475), bytes handed over in bulk, and Java
sockets wrapped as ``socket.socket`` objects. A Java exception never reaches a script from here.
"""

import errno as _errno
import os as _os

import polyglot as _polyglot

_storage = _polyglot.storage
Foreign = _polyglot.ForeignException

# io.pysock.net.SocketModule of this run, set by install() before any user code runs (None when
# the run uses GraalPy's own sockets).
mod = None


def install(module):
    global mod
    mod = module


class herror(OSError):
    pass


class gaierror(OSError):
    pass


# Where CPython defines them: tracebacks and PythonException.pythonType() say socket.gaierror.
herror.__module__ = gaierror.__module__ = "socket"

timeout = TimeoutError
_EINTR = _errno.EINTR


def error_from(e):
    """The Python exception for a Java SocketError (an unexpected Java error becomes OSError(EIO))."""
    try:
        kind = e.kind()
        code = e.errno()
        message = e.strerror()
    except (AttributeError, TypeError):
        # Not a SocketError. Only these two: a signal handler may run here and raise anything
        # (KeyboardInterrupt, or the script's own exception), which must propagate.
        return OSError(_errno.EIO, "pysock: unexpected Java error: %s" % (e,))
    if kind == "timeout":
        return timeout("timed out")
    if kind == "gai":
        return gaierror(code, message)
    if kind == "herror":
        return herror(code, message)
    return OSError(code, message)


# In the resident daemon, signals are the run's own and pysock runs their handlers here (set by
# pysock._signals); in a process of its own, GraalPy delivers them.
pending_hook = None


def check_signals():
    # Running any bytecode lets GraalPy deliver a pending signal (KeyboardInterrupt) here.
    _os.getpid()
    if pending_hook is not None:
        pending_hook()


def call(fn, *args):
    """Calls into Java; maps errors; after EINTR runs signal handlers and retries (PEP 475).

    A call that waits with a timeout passes a function that computes the time left on each try.
    """
    while True:
        try:
            return fn(*args)
        except Foreign as e:
            err = error_from(e)
        if err.errno != _EINTR or isinstance(err, (gaierror, herror)):
            raise err
        check_signals()


def raise_unless_interrupted(e):
    """For a data-path call that caught Foreign ``e`` itself: raises its Python exception, unless
    it was EINTR, in which case the signal handlers run (and may raise) and the caller retries."""
    err = error_from(e)
    if err.errno != _EINTR or isinstance(err, (gaierror, herror)):
        raise err
    check_signals()


def would_block():
    return BlockingIOError(_errno.EAGAIN, "Resource temporarily unavailable")


def readable(data):
    """(byte[] of data, length): zero-copy for bytes/bytearray, one bulk copy for other buffers."""
    t = type(data)
    if t is bytes or t is bytearray:
        n = len(data)
        if n:
            return _storage(data), n
        return _storage(bytearray(1)), 0
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % t.__name__) from None
    copy = bytearray(view.cast("B") if view.format != "B" or view.ndim != 1 else view)
    return _storage(copy if copy else bytearray(1)), len(copy)


def writable(n):
    """A zero-filled bytearray of n bytes and its backing Java byte[] (Java copies into it)."""
    b = bytearray(n or 1)
    return b, _storage(b)


def wrap(jsock, cls):
    """An object of socket class ``cls`` on a Java PySocket: the same socket, not a copy."""
    s = cls.__new__(cls)
    s._j = jsock
    return s


def java_socket(obj):
    """The Java PySocket behind a socket object (a socket.socket or pysock's _socket.socket), or None."""
    j = getattr(obj, "_j", None)
    return j if j is not None and hasattr(j, "isScriptOwned") else None
