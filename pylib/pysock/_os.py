"""``os`` for pysock's own descriptors: pipes a script can select on.

GraalPy's ``os.pipe()`` makes pipes that no selector can watch, so a script that polls a pipe
(a self-pipe, CPython's test_poll) could not run. pysock's ``os.pipe()`` returns two numbers of
its own descriptor table (see io.pysock.net.PipeEnd, a java.nio Pipe end), which select, poll,
epoll and selectors wait on like sockets. The os functions below take such a number as CPython
takes a pipe descriptor; every other number goes to GraalPy's own function, unchanged.

This module is the one place where pysock replaces ``os`` functions for its descriptors.
``open()``/``os.fdopen()`` of a pipe number gives a file object over these functions (GraalPy's
own FileIO cannot take the number). Not covered: descriptor inheritance by child processes
(pysock starts none).
"""

import builtins as _builtins
import errno as _errno
import io as _io
import os as _os
import stat as _stat

from pysock import _bridge
from pysock._bridge import call as _call

_FIRST = _bridge.mod.firstSocketNumber()
_mod = _bridge.mod
_orig = {}


def _end(fd):
    """The Java PipeEnd numbered fd, or None when fd is not one of pysock's pipe ends."""
    if type(fd) is int and fd >= _FIRST:
        return _mod.pipeEnd(fd)
    return None


def _ebadf():
    return OSError(_errno.EBADF, _os.strerror(_errno.EBADF))


def pipe():
    r, w = _call(_mod.pipe)
    return r, w


def pipe2(flags):
    if flags & ~(_os.O_NONBLOCK | _os.O_CLOEXEC):
        raise OSError(_errno.EINVAL, _os.strerror(_errno.EINVAL))
    r, w = pipe()
    if flags & _os.O_NONBLOCK:
        set_blocking(r, False)
        set_blocking(w, False)
    return r, w


def read(fd, n):
    end = _end(fd)
    if end is None:
        return _orig["read"](fd, n)
    if n < 0:
        raise OSError(_errno.EINVAL, _os.strerror(_errno.EINVAL))
    buf, arr = _bridge.writable(n)
    got = _call(end.read, arr, n)
    del buf[got:]
    return bytes(buf)


def write(fd, data):
    end = _end(fd)
    if end is None:
        return _orig["write"](fd, data)
    arr, n = _bridge.readable(data)
    return _call(end.write, arr, n)


def close(fd):
    if type(fd) is int and fd >= _FIRST and _mod.pipeEnd(fd) is not None:
        _call(_mod.closePipe, fd)
        return
    _orig["close"](fd)


def dup(fd):
    if _end(fd) is None:
        return _orig["dup"](fd)
    return _call(_mod.dupPipe, fd)


def fstat(fd):
    end = _end(fd)
    if end is None:
        return _orig["fstat"](fd)
    if end.isClosed():
        raise _ebadf()
    mode = _stat.S_IFIFO | 0o600
    return _os.stat_result((mode, 0, 0, 1, _os.getuid(), _os.getgid(), 0, 0, 0, 0))


def get_blocking(fd):
    end = _end(fd)
    if end is None:
        return _orig["get_blocking"](fd)
    return end.isBlocking()


def set_blocking(fd, blocking):
    end = _end(fd)
    if end is None:
        return _orig["set_blocking"](fd, blocking)
    end.setBlocking(bool(blocking))


def isatty(fd):
    if _end(fd) is None:
        return _orig["isatty"](fd)
    return False


class _PipeIO(_io.RawIOBase):
    """The raw file under open(fd) for a pipe end: os.read/os.write on the number."""

    def __init__(self, fd, readable, closefd):
        self._fd = fd
        self._readable = readable
        self._closefd = closefd

    def fileno(self):
        return self._fd

    def readable(self):
        return self._readable

    def writable(self):
        return not self._readable

    def isatty(self):
        return False

    def readinto(self, b):
        data = read(self._fd, len(b))
        n = len(data)
        b[:n] = data
        return n

    def write(self, b):
        return write(self._fd, b)

    def close(self):
        if not self.closed:
            try:
                if self._closefd:
                    close(self._fd)
            finally:
                super().close()


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    end = _end(file)
    if end is None:
        return _orig["open"](file, mode, buffering, encoding, errors, newline, closefd, opener)
    raw = _PipeIO(file, end.isReadable(), closefd)
    binary = "b" in mode
    if buffering == 0:
        if not binary:
            raise ValueError("can't have unbuffered text I/O")
        return raw
    size = _io.DEFAULT_BUFFER_SIZE if buffering in (-1, 1) else buffering
    buffered = (_io.BufferedReader if end.isReadable() else _io.BufferedWriter)(raw, size)
    if binary:
        return buffered
    text = _io.TextIOWrapper(buffered, encoding, errors, newline, line_buffering=buffering == 1)
    text.mode = mode
    return text


def install():
    if _orig:
        return  # once per context: the originals must stay GraalPy's own
    import posix
    _orig["open"] = _io.open
    open.__doc__ = _io.open.__doc__
    _io.open = _builtins.open = open
    for f in (pipe, pipe2, read, write, close, dup, fstat, get_blocking, set_blocking, isatty):
        name = f.__name__
        original = getattr(_os, name, None)
        if original is None:
            continue
        _orig[name] = original
        f.__doc__ = original.__doc__
        setattr(_os, name, f)
        setattr(posix, name, f)
