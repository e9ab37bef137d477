"""``os`` and ``fcntl`` for pysock's own descriptors: sockets, and pipes a script can select on.

GraalPy's ``os.pipe()`` makes pipes that no selector can watch, so a script that polls a pipe
(a self-pipe, CPython's test_poll) could not run. pysock's ``os.pipe()`` returns two numbers of
its own descriptor table (see io.pysock.net.PipeEnd, a java.nio Pipe end), which select, poll,
epoll and selectors wait on like sockets. The os functions below take such a number as CPython
takes a pipe descriptor; every other number goes to GraalPy's own function, unchanged.

Sockets are numbered in the same table, so the descriptor-level calls take their numbers too:
``os.read``, ``os.write``, ``os.fstat``, ``os.close``, ``os.dup``, ``os.dup2``, ``os.get_blocking``/``set_blocking``,
``os.get_inheritable``/``set_inheritable``, and ``fcntl.fcntl`` (which GraalPy's Java POSIX
backend does not have at all) with ``F_GETFD``/``F_SETFD``/``F_GETFL``/``F_SETFL``, answered as
Linux answers them (io.pysock.net.Descriptors).

This module is the one place where pysock replaces ``os`` and ``fcntl`` functions for its descriptors.
``open()``/``os.fdopen()`` of a pipe number gives a file object over these functions (GraalPy's
own FileIO cannot take the number). Not covered: descriptor inheritance by child processes
(pysock starts none).
"""

import builtins as _builtins
import errno as _errno
import io as _io
import operator as _operator
import os as _os
import stat as _stat

from pysock import _bridge
from pysock._bridge import call as _call

_FIRST = _bridge.mod.firstSocketNumber()
_mod = _bridge.mod
_desc = _mod.descriptors()
_FCNTL = dict(_desc.fcntlConstants().items())
_orig = {}


def _end(fd):
    """The Java PipeEnd numbered fd, or None when fd is not one of pysock's pipe ends."""
    if type(fd) is int and fd >= _FIRST:
        return _mod.pipeEnd(fd)
    return None


def _ours(fd):
    """Whether fd is an open socket or pipe end of pysock's table (every other number is GraalPy's)."""
    return type(fd) is int and fd >= _FIRST and _desc.isOpen(fd)


def _ebadf():
    return OSError(_errno.EBADF, _os.strerror(_errno.EBADF))


def _unsupported(what):
    return OSError(_errno.EOPNOTSUPP, "pysock: " + what)


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
    if end is None and not _ours(fd):
        return _orig["read"](fd, n)
    if n < 0:
        raise OSError(_errno.EINVAL, _os.strerror(_errno.EINVAL))
    buf, arr = _bridge.writable(n)
    got = _call(end.read, arr, n) if end is not None else _call(_desc.read, fd, arr, n)
    del buf[got:]
    return bytes(buf)


def write(fd, data):
    end = _end(fd)
    if end is None and not _ours(fd):
        return _orig["write"](fd, data)
    arr, n = _bridge.readable(data)
    return _call(end.write, arr, n) if end is not None else _call(_desc.write, fd, arr, n)


def close(fd):
    if _ours(fd):
        _call(_desc.close, fd)
        return
    _orig["close"](fd)


def dup(fd):
    if not _ours(fd):
        return _orig["dup"](fd)
    return _call(_desc.dup, fd)


def dup2(fd, fd2, inheritable=True):
    if _ours(fd):
        fd2 = _operator.index(fd2)
        if 0 <= fd2 < _FIRST:
            raise _unsupported("descriptor %d is a pysock socket or pipe, and %d is a number of GraalPy's "
                               "own descriptors: pysock cannot place one on the other" % (fd, fd2))
        return _call(_desc.dup2, fd, max(min(fd2, 2**31 - 1), -1), bool(inheritable))
    if type(fd2) is int and fd2 >= _FIRST:
        if type(fd) is int and fd >= _FIRST:
            raise _ebadf()  # a closed number of pysock's table
        raise _unsupported("descriptor %d is GraalPy's own, and %d is a number of pysock's socket table: "
                           "pysock cannot place one on the other" % (fd, fd2))
    return _orig["dup2"](fd, fd2, inheritable)


def fstat(fd):
    end = _end(fd)
    if end is None:
        if _ours(fd):  # a socket: what Linux reports for one
            mode = _stat.S_IFSOCK | 0o777
            return _os.stat_result((mode, 0, 0, 1, _os.getuid(), _os.getgid(), 0, 0, 0, 0))
        return _orig["fstat"](fd)
    if end.isClosed():
        raise _ebadf()
    mode = _stat.S_IFIFO | 0o600
    return _os.stat_result((mode, 0, 0, 1, _os.getuid(), _os.getgid(), 0, 0, 0, 0))


def get_blocking(fd):
    if not _ours(fd):
        return _orig["get_blocking"](fd)
    return not _call(_desc.fcntl, fd, _FCNTL["F_GETFL"], 0) & _os.O_NONBLOCK


def set_blocking(fd, blocking):
    if not _ours(fd):
        return _orig["set_blocking"](fd, blocking)
    flags = _call(_desc.fcntl, fd, _FCNTL["F_GETFL"], 0)
    flags = flags & ~_os.O_NONBLOCK if blocking else flags | _os.O_NONBLOCK
    _call(_desc.fcntl, fd, _FCNTL["F_SETFL"], flags)


def get_inheritable(fd):
    if not _ours(fd):
        return _orig["get_inheritable"](fd)
    return _call(_desc.getInheritable, fd)


def set_inheritable(fd, inheritable):
    if not _ours(fd):
        return _orig["set_inheritable"](fd, inheritable)
    _call(_desc.setInheritable, fd, bool(inheritable))


def _fd_arg(fd):
    """A descriptor argument as CPython's PyObject_AsFileDescriptor takes it: an int, or an object with fileno()."""
    if isinstance(fd, int):
        n = int(fd)
    elif hasattr(fd, "fileno"):
        n = fd.fileno()
        if not isinstance(n, int):
            raise TypeError("fileno() returned a non-integer")
        n = int(n)
    else:
        raise TypeError("argument must be an int, or have a fileno() method.")
    if n < 0:
        raise ValueError("file descriptor cannot be a negative integer (%d)" % n)
    if n >= 2**31:
        raise OverflowError("Python int too large to convert to C int")
    return n


def _c_int(value):
    value = _operator.index(value)
    if not -2**31 <= value < 2**31:
        raise OverflowError("signed integer is greater than maximum" if value > 0
                            else "signed integer is less than minimum")
    return value


def fcntl(fd, cmd, arg=0, /):
    """fcntl(fd, cmd, arg=0): pysock's sockets and pipes answer F_GETFD, F_SETFD, F_GETFL and F_SETFL.

    On GraalPy's own descriptors (files), F_GETFD and F_SETFD go to os.get_inheritable and
    os.set_inheritable; the other commands are not available (GraalPy's Java backend has no fcntl).
    """
    fd = _fd_arg(fd)
    cmd = _c_int(cmd)
    buf = None
    if isinstance(arg, str):
        buf = arg.encode()
    elif not isinstance(arg, int):
        try:
            buf = bytes(memoryview(arg))
        except TypeError:
            pass
    if buf is not None:
        if len(buf) > 1024:
            raise ValueError("fcntl argument 3 is too long")
        arg = 0
    else:
        arg = _c_int(arg)
    if buf is not None and cmd in (_FCNTL["F_SETFD"], _FCNTL["F_SETFL"]):
        raise OSError(_errno.EINVAL, _os.strerror(_errno.EINVAL))  # a buffer is no flag word
    if fd >= _FIRST:
        result = _call(_desc.fcntl, fd, cmd, arg)
    else:
        result = _graalpy_fcntl(fd, cmd, arg)
    return buf if buf is not None else result


def _graalpy_fcntl(fd, cmd, arg):
    native = _orig.get("fcntl")
    if native is not None:
        return native(fd, cmd, arg)
    if cmd == _FCNTL["F_GETFD"]:
        return 0 if _orig["get_inheritable"](fd) else _FCNTL["FD_CLOEXEC"]
    if cmd == _FCNTL["F_SETFD"]:
        _orig["set_inheritable"](fd, not arg & _FCNTL["FD_CLOEXEC"])
        return 0
    _orig["fstat"](fd)  # EBADF for a number that is not open
    raise _unsupported("fcntl command %d on GraalPy's own descriptor %d: GraalPy's Java POSIX backend has "
                       "no fcntl(); pysock answers it only for its sockets and pipes" % (cmd, fd))


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
    for f in (pipe, pipe2, read, write, close, dup, dup2, fstat, get_blocking, set_blocking,
              get_inheritable, set_inheritable, isatty):
        name = f.__name__
        original = getattr(_os, name, None)
        if original is None:
            continue
        _orig[name] = original
        f.__doc__ = original.__doc__
        setattr(_os, name, f)
        setattr(posix, name, f)
    _install_fcntl()


def _install_fcntl():
    try:
        import fcntl as module
    except ImportError:
        return
    if getattr(module, "fcntl", None) is not None:
        _orig["fcntl"] = module.fcntl
    module.fcntl = fcntl
    for name, value in _FCNTL.items():
        setattr(module, name, value)
