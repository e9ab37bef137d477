"""termios for pysock runs: Linux's constants, and calls that answer as on a descriptor that is no terminal.

GraalPy 25 has termios only as native code, which pysock never loads; without this module
``import tty`` (and everything that imports it: test.test_asyncio.test_events, pty, getpass's
echo control) fails. A terminal's settings are reached only through ioctl(), which GraalPy's Java
POSIX layer does not have, so no descriptor of a pysock run can be driven as a terminal:

* pysock's sockets and pipe ends, regular files, FIFOs, directories: ``termios.error(ENOTTY,
  'Inappropriate ioctl for device')``, exactly what CPython raises for them;
* a character device (the process's stdin or stdout may be a real terminal): the same ENOTTY,
  with a note saying why. GraalPy's ``os.isatty()`` already says False for every descriptor,
  so code that asks first and code that catches termios.error take the same, non-terminal path;
* a number that names nothing: ``termios.error(EBADF, 'Bad file descriptor')``.

Arguments are checked as CPython 3.11 checks them, and in the same order (an argument error comes
before the descriptor's), so a script sees the same exception type and message.
"""

import errno as _errno
import operator as _operator
import os as _os
import stat as _stat

from pysock import _bridge


class error(Exception):
    pass


# glibc's messages: GraalPy's os.strerror gives Java's ("Not a typewriter", "Bad file number").
_ENOTTY = (_errno.ENOTTY, "Inappropriate ioctl for device")
_EBADF = (_errno.EBADF, "Bad file descriptor")
_MAYBE_A_TERMINAL = (" (pysock: fd %d may be a terminal, but GraalPy has no ioctl() to read or set"
                     " a terminal's settings, so it is taken as none, as os.isatty() says)")


def _no_terminal(fd):
    """Raises the termios.error the ioctl on fd raises: fd is never a terminal pysock can drive."""
    mod = _bridge.mod  # pysock's socket table; None when the run uses GraalPy's own sockets
    if mod is not None and fd >= mod.firstSocketNumber():
        end = mod.pipeEnd(fd)
        if end is not None and not end.isClosed():
            raise error(*_ENOTTY)
        try:
            _bridge.call(mod.fromFd, fd)
        except OSError:
            raise error(*_EBADF) from None
        raise error(*_ENOTTY)
    try:
        mode = _os.fstat(fd).st_mode
    except OSError:
        raise error(*_EBADF) from None
    if _stat.S_ISCHR(mode):
        raise error(_errno.ENOTTY, _ENOTTY[1] + _MAYBE_A_TERMINAL % fd)
    raise error(*_ENOTTY)


def _fd(obj):
    """An int descriptor from an int or an object with fileno(), as CPython's PyObject_AsFileDescriptor."""
    if not isinstance(obj, int):
        fileno = getattr(obj, "fileno", None)
        if fileno is None:
            raise TypeError("argument must be an int, or have a fileno() method.")
        obj = fileno()
        if not isinstance(obj, int):
            raise TypeError("fileno() returned a non-integer")
    fd = _c_int(obj)
    if fd < 0:
        raise ValueError("file descriptor cannot be a negative integer (%d)" % fd)
    return fd


def _c_int(obj):
    value = _operator.index(obj)
    if not -2**31 <= value < 2**31:
        raise OverflowError("Python int too large to convert to C int")
    return value


def _c_long(obj):
    value = _operator.index(obj)
    if not -2**63 <= value < 2**63:
        raise OverflowError("Python int too large to convert to C long")
    return value


def _positional(name, args, kwargs, count):
    """CPython's argument-count and keyword errors for a function taking `count` positional arguments."""
    if kwargs:
        raise TypeError("termios.%s() takes no keyword arguments" % name)
    if len(args) != count:
        if count == 1:
            raise TypeError("termios.%s() takes exactly one argument (%d given)" % (name, len(args)))
        raise TypeError("%s expected %d arguments, got %d" % (name, count, len(args)))
    return args


def tcgetattr(*args, **kwargs):
    """tcgetattr(fd, /)
    The tty attributes of fd as [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]; on pysock, always termios.error."""
    fd, = _positional("tcgetattr", args, kwargs, 1)
    _no_terminal(_fd(fd))


def tcsetattr(*args, **kwargs):
    """tcsetattr(fd, when, attributes, /)
    Sets fd's tty attributes from a list like tcgetattr's, at `when` (TCSANOW, TCSADRAIN, TCSAFLUSH)."""
    fd, when, attributes = _positional("tcsetattr", args, kwargs, 3)
    fd = _fd(fd)
    _c_int(when)
    if not isinstance(attributes, list) or len(attributes) != 7:
        raise TypeError("tcsetattr, arg 3: must be 7 element list")
    _no_terminal(fd)  # CPython reads the current attributes first; the list's items come after


def tcsendbreak(*args, **kwargs):
    """tcsendbreak(fd, duration, /)
    Sends a break on fd."""
    fd, duration = _positional("tcsendbreak", args, kwargs, 2)
    fd = _fd(fd)
    _c_int(duration)
    _no_terminal(fd)


def tcdrain(*args, **kwargs):
    """tcdrain(fd, /)
    Waits until everything written to fd has been transmitted."""
    fd, = _positional("tcdrain", args, kwargs, 1)
    _no_terminal(_fd(fd))


def tcflush(*args, **kwargs):
    """tcflush(fd, queue, /)
    Discards fd's queued data: TCIFLUSH (input), TCOFLUSH (output) or TCIOFLUSH (both)."""
    fd, queue = _positional("tcflush", args, kwargs, 2)
    fd = _fd(fd)
    _c_int(queue)
    _no_terminal(fd)


def tcflow(*args, **kwargs):
    """tcflow(fd, action, /)
    Suspends or resumes fd's input or output: TCOOFF, TCOON, TCIOFF, TCION."""
    fd, action = _positional("tcflow", args, kwargs, 2)
    fd = _fd(fd)
    _c_int(action)
    _no_terminal(fd)


def tcgetwinsize(*args, **kwargs):
    """tcgetwinsize(fd, /)
    fd's tty window size as (ws_row, ws_col)."""
    fd, = _positional("tcgetwinsize", args, kwargs, 1)
    _no_terminal(_fd(fd))


def tcsetwinsize(*args, **kwargs):
    """tcsetwinsize(fd, winsize, /)
    Sets fd's tty window size from a two-item sequence (ws_row, ws_col)."""
    fd, winsize = _positional("tcsetwinsize", args, kwargs, 2)
    fd = _fd(fd)
    try:
        is_pair = not isinstance(winsize, dict) and hasattr(type(winsize), "__getitem__") and len(winsize) == 2
    except TypeError:
        is_pair = False
    if not is_pair:
        raise TypeError("tcsetwinsize, arg 2: must be a two-item sequence")
    _c_long(winsize[0])
    _c_long(winsize[1])
    _no_terminal(fd)


# Linux's values (x86-64 and arm64 share them), as CPython 3.11's termios module has them.
B0 = 0
B1000000 = 0x1008
B110 = 3
B115200 = 0x1002
B1152000 = 0x1009
B1200 = 9
B134 = 4
B150 = 5
B1500000 = 0x100a
B1800 = 10
B19200 = 14
B200 = 6
B2000000 = 0x100b
B230400 = 0x1003
B2400 = 11
B2500000 = 0x100c
B300 = 7
B3000000 = 0x100d
B3500000 = 0x100e
B38400 = 15
B4000000 = 0x100f
B460800 = 0x1004
B4800 = 12
B50 = 1
B500000 = 0x1005
B57600 = 0x1001
B576000 = 0x1006
B600 = 8
B75 = 2
B921600 = 0x1007
B9600 = 13
BRKINT = 2
BS0 = 0
BS1 = 0x2000
BSDLY = 0x2000
CBAUD = 0x100f
CBAUDEX = 0x1000
CDSUSP = 25
CEOF = 4
CEOL = 0
CEOT = 4
CERASE = 127
CFLUSH = 15
CIBAUD = 0x100f0000
CINTR = 3
CKILL = 21
CLNEXT = 22
CLOCAL = 0x800
CQUIT = 28
CR0 = 0
CR1 = 0x200
CR2 = 0x400
CR3 = 0x600
CRDLY = 0x600
CREAD = 128
CRPRNT = 18
CRTSCTS = 0x80000000
CS5 = 0
CS6 = 16
CS7 = 32
CS8 = 48
CSIZE = 48
CSTART = 17
CSTOP = 19
CSTOPB = 64
CSUSP = 26
CWERASE = 23
ECHO = 8
ECHOCTL = 0x200
ECHOE = 16
ECHOK = 32
ECHOKE = 0x800
ECHONL = 64
ECHOPRT = 0x400
EXTA = 14
EXTB = 15
FF0 = 0
FF1 = 0x8000
FFDLY = 0x8000
FIOASYNC = 0x5452
FIOCLEX = 0x5451
FIONBIO = 0x5421
FIONCLEX = 0x5450
FIONREAD = 0x541b
FLUSHO = 0x1000
HUPCL = 0x400
ICANON = 2
ICRNL = 0x100
IEXTEN = 0x8000
IGNBRK = 1
IGNCR = 128
IGNPAR = 4
IMAXBEL = 0x2000
INLCR = 64
INPCK = 16
IOCSIZE_MASK = 0x3fff0000
IOCSIZE_SHIFT = 16
ISIG = 1
ISTRIP = 32
IUCLC = 0x200
IXANY = 0x800
IXOFF = 0x1000
IXON = 0x400
NCC = 8
NCCS = 32
NL0 = 0
NL1 = 0x100
NLDLY = 0x100
NOFLSH = 128
N_MOUSE = 2
N_PPP = 3
N_SLIP = 1
N_STRIP = 4
N_TTY = 0
OCRNL = 8
OFDEL = 128
OFILL = 64
OLCUC = 2
ONLCR = 4
ONLRET = 32
ONOCR = 16
OPOST = 1
PARENB = 0x100
PARMRK = 8
PARODD = 0x200
PENDIN = 0x4000
TAB0 = 0
TAB1 = 0x800
TAB2 = 0x1000
TAB3 = 0x1800
TABDLY = 0x1800
TCFLSH = 0x540b
TCGETA = 0x5405
TCGETS = 0x5401
TCIFLUSH = 0
TCIOFF = 2
TCIOFLUSH = 2
TCION = 3
TCOFLUSH = 1
TCOOFF = 0
TCOON = 1
TCSADRAIN = 1
TCSAFLUSH = 2
TCSANOW = 0
TCSBRK = 0x5409
TCSBRKP = 0x5425
TCSETA = 0x5406
TCSETAF = 0x5408
TCSETAW = 0x5407
TCSETS = 0x5402
TCSETSF = 0x5404
TCSETSW = 0x5403
TCXONC = 0x540a
TIOCCONS = 0x541d
TIOCEXCL = 0x540c
TIOCGETD = 0x5424
TIOCGICOUNT = 0x545d
TIOCGLCKTRMIOS = 0x5456
TIOCGPGRP = 0x540f
TIOCGSERIAL = 0x541e
TIOCGSOFTCAR = 0x5419
TIOCGWINSZ = 0x5413
TIOCINQ = 0x541b
TIOCLINUX = 0x541c
TIOCMBIC = 0x5417
TIOCMBIS = 0x5416
TIOCMGET = 0x5415
TIOCMIWAIT = 0x545c
TIOCMSET = 0x5418
TIOCM_CAR = 64
TIOCM_CD = 64
TIOCM_CTS = 32
TIOCM_DSR = 0x100
TIOCM_DTR = 2
TIOCM_LE = 1
TIOCM_RI = 128
TIOCM_RNG = 128
TIOCM_RTS = 4
TIOCM_SR = 16
TIOCM_ST = 8
TIOCNOTTY = 0x5422
TIOCNXCL = 0x540d
TIOCOUTQ = 0x5411
TIOCPKT = 0x5420
TIOCPKT_DATA = 0
TIOCPKT_DOSTOP = 32
TIOCPKT_FLUSHREAD = 1
TIOCPKT_FLUSHWRITE = 2
TIOCPKT_NOSTOP = 16
TIOCPKT_START = 8
TIOCPKT_STOP = 4
TIOCSCTTY = 0x540e
TIOCSERCONFIG = 0x5453
TIOCSERGETLSR = 0x5459
TIOCSERGETMULTI = 0x545a
TIOCSERGSTRUCT = 0x5458
TIOCSERGWILD = 0x5454
TIOCSERSETMULTI = 0x545b
TIOCSERSWILD = 0x5455
TIOCSER_TEMT = 1
TIOCSETD = 0x5423
TIOCSLCKTRMIOS = 0x5457
TIOCSPGRP = 0x5410
TIOCSSERIAL = 0x541f
TIOCSSOFTCAR = 0x541a
TIOCSTI = 0x5412
TIOCSWINSZ = 0x5414
TOSTOP = 0x100
VDISCARD = 13
VEOF = 4
VEOL = 11
VEOL2 = 16
VERASE = 2
VINTR = 0
VKILL = 3
VLNEXT = 15
VMIN = 6
VQUIT = 1
VREPRINT = 12
VSTART = 8
VSTOP = 9
VSUSP = 10
VSWTC = 7
VSWTCH = 7
VT0 = 0
VT1 = 0x4000
VTDLY = 0x4000
VTIME = 5
VWERASE = 14
XCASE = 4
XTABS = 0x1800
