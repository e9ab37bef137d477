"""pysock's ``select``: select(), poll() and epoll() over pysock sockets.

Replaces GraalPy's built-in module (which can see only GraalPy's own sockets) for every script,
so ``selectors``, ``socketserver`` and ``asyncio`` run on pysock sockets. All three APIs are thin
shapes over one Java object, ``io.pysock.net.Poller``: a java.nio Selector that stays registered
between waits. This module only checks arguments as CPython's selectmodule.c does and turns the
poller's (fd, revents) pairs into each API's answer.

The hard cases, decided once:
* Readiness is level-triggered with Linux's bits: a peer's close makes a socket readable (recv
  then returns b''), a refused non-blocking connect reports POLLIN|POLLOUT|POLLERR|POLLHUP.
* Numbers that are not pysock sockets: the script's stdin is watched by Java (a chat client
  selects on sys.stdin); regular files and stdout/stderr never block, so they are always ready,
  as the kernel says (epoll refuses regular files with EPERM, as Linux does); a closed file
  registered with poll() reports POLLNVAL. The script's os.pipe() ends are pysock's own (see
  pysock._os) and are watched like sockets. Anything else (a terminal opened by name, a pipe
  GraalPy made) is refused with a clear OSError, never answered wrongly.
* The exception list of select() and POLLPRI mean TCP urgent data, which java.nio cannot
  receive: they are accepted and never reported.
* Ctrl-C during a wait: Java returns EINTR, signal handlers run, and the wait resumes with the
  time left (PEP 475).
"""

import errno as _errno
import math as _math
import operator as _operator
import os as _os
import stat as _stat
import time as _time

from pysock import _bridge
from pysock._bridge import call as _call

error = OSError
PIPE_BUF = 4096

_constants = dict(_bridge.mod.selectConstants())
# Every pysock socket is numbered from here up; lower numbers are GraalPy's own files and pipes.
_FIRST_SOCKET_FD = _bridge.mod.firstSocketNumber()
for _name, _value in _constants.items():
    if not _name.startswith("EPOLL"):
        globals()[_name] = _value
        if _name.startswith("POLL") and _name not in ("POLLNVAL",):
            globals()["E" + _name] = _value
for _name in ("EPOLLET", "EPOLLONESHOT", "EPOLLEXCLUSIVE", "EPOLLWAKEUP"):
    globals()[_name] = _constants[_name] & 0xFFFFFFFF
EPOLL_CLOEXEC = 0o2000000
del _name, _value

_READ = POLLIN | POLLHUP | POLLERR      # what select() counts as readable (Linux's POLLIN_SET)
_WRITE = POLLOUT | POLLERR              # ... as writable
_EXCEPT = POLLPRI                       # ... as exceptional


def _fileno(obj):
    """An int descriptor from an int or an object with fileno(), as PyObject_AsFileDescriptor."""
    if isinstance(obj, int):
        fd = obj
    else:
        meth = getattr(obj, "fileno", None)
        if meth is None:
            raise TypeError("argument must be an int, or have a fileno() method.")
        fd = meth()
        if not isinstance(fd, int):
            raise TypeError("fileno() returned a non-integer")
    if not -2**63 <= fd < 2**63:
        raise OverflowError("Python int too large to convert to C long")
    if fd > 0x7FFFFFFF:
        raise OverflowError("Python int too large to convert to C int")
    if fd < 0:
        raise ValueError("file descriptor cannot be a negative integer (%d)" % fd)
    return fd


def _seconds(timeout):
    """A timeout in seconds as CPython's _PyTime_FromSecondsObject takes it (None stays None)."""
    if timeout is None:
        return None
    if isinstance(timeout, float):
        if timeout != timeout:
            raise ValueError("Invalid value NaN (not a number)")
        if not abs(timeout) * 1e9 < 2**63:
            raise OverflowError("timestamp out of range for platform time_t")
        return timeout
    timeout = _operator.index(timeout)
    if not -2**63 < timeout * 10**9 < 2**63:
        raise OverflowError("timestamp too large to convert to C _PyTime_t")
    return float(timeout)


def _milliseconds(timeout):
    """poll()'s timeout in milliseconds as CPython takes it: seconds, or None to wait forever."""
    if timeout is None:
        return None
    if isinstance(timeout, float):
        if timeout != timeout:
            raise ValueError("Invalid value NaN (not a number)")
        if not abs(timeout) * 1e6 < 2**63:
            raise OverflowError("timestamp out of range for platform time_t")
    else:
        try:
            timeout = _operator.index(timeout)
        except TypeError:
            raise TypeError("timeout must be an integer or None") from None
        if not -2**63 < timeout * 10**6 < 2**63:
            raise OverflowError("timestamp too large to convert to C _PyTime_t")
    return None if timeout < 0 else _math.ceil(timeout) / 1000.0


def _unsigned(mask, bits):
    mask = _operator.index(mask)
    if mask < 0 and bits == 16:
        raise ValueError("value must be positive")  # poll's unsigned short converter
    if mask < 0 or mask >> bits:
        raise OverflowError("Python int too large to convert to C unsigned %s"
                            % ("short" if bits == 16 else "int"))
    return mask


def _java_mask(mask):
    """epoll masks use bit 31 (EPOLLET); Java ints are signed."""
    return mask - (1 << 32) if mask & 0x80000000 else mask


def _add(poller, fd, events, must_be_new, mode):
    """Registers fd with the Java poller: one call, for a socket, stdin, or any other number."""
    if fd >= _FIRST_SOCKET_FD or fd == 0:
        # A socket or the script's stdin: Java knows them; another number is EBADF (poll():
        # registered anyway, and reported POLLNVAL).
        _call(poller.watch, fd, _java_mask(events), must_be_new)
    else:
        _call(poller.addOther, fd, _java_mask(events), must_be_new, _file_is_valid(fd, mode))


def _file_is_valid(fd, mode):
    """What a number that is not a socket can be: a file that never blocks (True), or nothing (False, poll only)."""
    if fd in (1, 2):
        return True  # stdout/stderr: pysock's writes to them never block
    try:
        st = _os.fstat(fd)
    except OSError:
        if mode == "poll":
            return False
        raise OSError(_errno.EBADF, _os.strerror(_errno.EBADF)) from None
    if not _stat.S_ISREG(st.st_mode):
        raise OSError(_errno.EOPNOTSUPP,
                      "pysock: cannot wait on fd %d: only sockets, stdin and regular files can be "
                      "selected (java.nio cannot watch pipes or devices)" % fd)
    if mode == "epoll":
        raise PermissionError(_errno.EPERM, _os.strerror(_errno.EPERM))
    return True


def _wait(poll_nanos, timeout, maxevents):
    """A poller's pollNanos (the bound method, looked up once: a member read on a Java object costs
    GraalPy an exception inside it each time), with PEP 475 retries; timeout in seconds or None.
    Returns [(fd, revents)] in order."""
    deadline = None if timeout is None else _time.monotonic() + timeout

    def poll_for_time_left():
        nanos = -1 if deadline is None else max(0, int((deadline - _time.monotonic()) * 1e9))
        return poll_nanos(nanos, maxevents)

    pairs = _call(poll_for_time_left)
    n = len(pairs)
    return [(pairs[i], pairs[i + 1] & 0xFFFFFFFF) for i in range(0, n, 2)]


# -------------------------------------------------------------------- select()

def select(rlist, wlist, xlist, timeout=None):
    """Wait until one or more file descriptors are ready for some kind of I/O."""
    if timeout is not None:
        if not isinstance(timeout, (int, float)):
            if not hasattr(type(timeout), "__float__") and not hasattr(type(timeout), "__index__"):
                raise TypeError("timeout must be a float or None")
            timeout = float(timeout)
        timeout = _seconds(timeout)
        if timeout < 0:
            raise ValueError("timeout must be non-negative")
    try:
        # As PySequence_Fast: a list or tuple is read in place, its length looked at before each
        # item, so a fileno() that shortens the list ends the walk (test_select_mutated).
        seqs = [seq if isinstance(seq, (list, tuple)) else list(seq) for seq in (rlist, wlist, xlist)]
    except TypeError:
        raise TypeError("arguments 1-3 must be sequences") from None
    lists = []
    wanted = {}
    for seq, bit in zip(seqs, (POLLIN, POLLOUT, POLLPRI)):
        objs = []
        i = 0
        while i < len(seq):
            obj = seq[i]
            fd = _fileno(obj)
            objs.append((obj, fd))
            wanted[fd] = wanted.get(fd, 0) | bit
            i += 1
        lists.append((objs, bit))
    if not wanted:
        while timeout is None:  # CPython sleeps forever too (until a signal)
            _time.sleep(3600)
        _time.sleep(timeout)
        return [], [], []
    poller = _call(_bridge.mod.selectPoller, list(wanted))
    for fd, events in wanted.items():
        _add(poller, fd, events, False, "select")
    ready = dict(_wait(poller.pollNanos, timeout, -1))
    if any(r & POLLNVAL for r in ready.values()):
        raise OSError(_errno.EBADF, _os.strerror(_errno.EBADF))
    return tuple([obj for obj, fd in objs if ready.get(fd, 0) & mask]
                 for (objs, _), mask in zip(lists, (_READ, _WRITE, _EXCEPT)))


class _BuiltinFunction:
    """Wraps a function so it does not bind as a method, like a C function: selectors.SelectSelector
    keeps ``_select = select.select`` as a class attribute and calls it as ``self._select(r, w, x, t)``."""

    def __init__(self, f):
        self._f = f
        self.__name__ = self.__qualname__ = f.__name__
        self.__doc__ = f.__doc__
        self.__module__ = "select"

    def __call__(self, *args, **kwargs):
        return self._f(*args, **kwargs)

    def __repr__(self):
        return "<built-in function %s>" % self.__name__


select = _BuiltinFunction(select)


# -------------------------------------------------------------------- poll()

class _PollObject:
    """What poll() returns: register file descriptors, then wait for events on them (timeout in
    milliseconds). As in CPython, the type cannot be instantiated directly; poll() makes one."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'select.poll' instances")

    @classmethod
    def _make(cls):
        self = object.__new__(cls)
        self._p = _call(_bridge.mod.pollObject)
        self._poll_nanos = self._p.pollNanos
        self._files = {}       # registered numbers of GraalPy's own files: fd -> mask
        self._running = False
        return self

    def register(self, fd, eventmask=POLLIN | POLLPRI | POLLOUT):
        fd = _fileno(fd)
        eventmask = _unsigned(eventmask, 16)
        _add(self._p, fd, eventmask, False, "poll")
        if 0 < fd < _FIRST_SOCKET_FD:
            self._files[fd] = eventmask
        else:
            self._files.pop(fd, None)

    def modify(self, fd, eventmask):
        fd = _fileno(fd)
        _call(self._p.modify, fd, _unsigned(eventmask, 16))
        if fd in self._files:
            self._files[fd] = eventmask

    def unregister(self, fd):
        fd = _fileno(fd)
        if not _call(self._p.remove, fd):
            raise KeyError(fd)
        self._files.pop(fd, None)

    def poll(self, timeout=None):
        timeout = _milliseconds(timeout)
        if self._running:
            raise RuntimeError("concurrent poll() invocation")
        self._running = True
        try:
            self._forget_closed_files()
            return _wait(self._poll_nanos, timeout, -1)
        finally:
            self._running = False

    def _forget_closed_files(self):
        # Java cannot see GraalPy's files: one closed since its registration is POLLNVAL now.
        for fd, mask in list(self._files.items()):
            try:
                valid = _file_is_valid(fd, "poll")
            except OSError:
                continue  # the number names something else now: Java still answers for the old file
            if not valid:
                _call(self._p.addOther, fd, mask, False, False)
                del self._files[fd]

    def __del__(self):
        p = getattr(self, "_p", None)
        if p is not None:
            p.close()


_PollObject.__name__ = _PollObject.__qualname__ = "poll"
_PollObject.__module__ = "select"


def poll():
    """poll(): a new polling object (register descriptors, then poll(timeout_ms))."""
    return _PollObject._make()


poll = _BuiltinFunction(poll)  # selectors.PollSelector keeps it as a class attribute


# -------------------------------------------------------------------- epoll()

class epoll:
    """epoll(sizehint=-1, flags=0): an edge- or level-triggered event queue, as on Linux."""

    def __init__(self, sizehint=-1, flags=0):
        sizehint = _operator.index(sizehint)
        if sizehint == -1:
            sizehint = 0
        elif sizehint <= 0:
            raise ValueError("negative sizehint")
        if flags and flags != EPOLL_CLOEXEC:
            raise OSError(_errno.EINVAL, _os.strerror(_errno.EINVAL))
        self._p = _call(_bridge.mod.epollObject)
        self._poll_nanos = self._p.pollNanos

    @classmethod
    def fromfd(cls, fd):
        raise OSError(_errno.EOPNOTSUPP, "pysock: epoll.fromfd() cannot adopt a descriptor made outside pysock")

    def _open(self):
        if self._p.isClosed():
            raise ValueError("I/O operation on closed epoll object")
        return self._p

    @property
    def closed(self):
        return self._p.isClosed()

    def close(self):
        self._p.close()

    def fileno(self):
        return self._open().fileno()

    def register(self, fd, eventmask=POLLIN | POLLPRI | POLLOUT):
        p = self._open()
        _add(p, _fileno(fd), _unsigned(eventmask, 32), True, "epoll")

    def modify(self, fd, eventmask):
        p = self._open()
        _call(p.modify, _fileno(fd), _java_mask(_unsigned(eventmask, 32)))

    def unregister(self, fd):
        p = self._open()
        fd = _fileno(fd)
        if not _call(p.remove, fd):
            raise FileNotFoundError(_errno.ENOENT, _os.strerror(_errno.ENOENT))

    def poll(self, timeout=None, maxevents=-1):
        self._open()
        if timeout is not None:
            if not isinstance(timeout, (int, float)):
                try:
                    timeout = float(timeout)
                except (TypeError, ValueError):
                    raise TypeError("timeout must be an integer or None") from None
            timeout = _seconds(timeout)
            timeout = None if timeout < 0 else _math.ceil(timeout * 1000) / 1000.0
        maxevents = _operator.index(maxevents)
        if not -2**31 <= maxevents < 2**31:
            raise OverflowError("Python int too large to convert to C int")
        if maxevents == -1:
            maxevents = 0
        elif maxevents < 1:
            raise ValueError("maxevents must be greater than 0, got %d" % maxevents)
        return _wait(self._poll_nanos, timeout, maxevents)

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        p = getattr(self, "_p", None)
        if p is not None:
            p.close()
