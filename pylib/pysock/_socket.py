"""pysock's ``_socket``: CPython's low-level socket module on java.nio channels.

This is where a Python socket call crosses into Java (through ``pysock._bridge``). The standard library's ``socket.py``
(and everything above it: selectors, socketserver, http.client, ...) imports this module as
``_socket``; each method here checks its arguments the way CPython's socketmodule.c does, makes
one call on the Java socket (``io.pysock.net.PySocket``), and turns a Java ``SocketError`` into
the Python exception CPython would raise. The socket logic itself -- blocking, timeouts,
options, errno -- lives in Java, in one place.

The hard cases, decided once:
* Bytes cross in bulk: ``polyglot.storage()`` hands Java the backing ``byte[]`` of a ``bytes`` or
  ``bytearray`` and Java copies with one ``arraycopy``; never an element-by-element loop.
* Blocking calls run in Java with the GIL released, so other Python threads go on.
* Ctrl-C while blocked: Java returns EINTR; we let the interpreter run its signal handlers
  (KeyboardInterrupt) and otherwise retry, as CPython does since PEP 475.
* timeout semantics (None / 0 / seconds) are the Java socket's; setblocking() is settimeout().
"""

import errno as _errno
import operator as _operator
import os as _os

from pysock import _bridge
from pysock._bridge import call as _call, readable as _readable, gaierror, herror, timeout

_storage = _bridge._storage

error = OSError

has_ipv6 = True


def _install(module):
    """Binds this module to the Java side and fills in the Linux constants from Java."""
    _bridge.install(module)
    g = globals()
    for name, value in module.constants().items():
        # CPython's INADDR_* are unsigned 32-bit values; Java's ints are signed.
        g[name] = value & 0xFFFFFFFF if name.startswith("INADDR_") else value


# -------------------------------------------------------------------- argument checks

def _index(value):
    return _operator.index(value)


def _host(host):
    if isinstance(host, str):
        return host
    if isinstance(host, (bytes, bytearray)):
        return bytes(host).decode("idna")
    raise TypeError("str, bytes or bytearray expected, not %s" % type(host).__name__)


def _port(port, op):
    port = _index(port)
    if not 0 <= port <= 65535:
        raise OverflowError("%s(): port must be 0-65535." % op)
    return port


def _inet_address(family, address, op):
    """(host, port[, flowinfo, scope_id]) checked as CPython's getsockaddrarg does."""
    if family == AF_UNIX:
        if isinstance(address, (bytes, bytearray)):
            return _os.fsdecode(bytes(address)), 0, 0
        if isinstance(address, str):
            return address, 0, 0
        return _os.fsdecode(_os.fspath(address)), 0, 0
    name = "AF_INET6" if family == AF_INET6 else "AF_INET"
    if not isinstance(address, tuple):
        raise TypeError("%s(): %s address must be tuple, not %s" % (op, name, type(address).__name__))
    if family == AF_INET6:
        if not 2 <= len(address) <= 4:
            raise TypeError("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
        host, port = address[0], address[1]
        flowinfo = _index(address[2]) if len(address) > 2 else 0
        scope = _index(address[3]) if len(address) > 3 else 0
        if not 0 <= flowinfo <= 0xFFFFF:
            raise OverflowError("%s(): flowinfo must be 0-1048575." % op)
        return _host(host), _port(port, op), scope
    if len(address) != 2:
        raise TypeError("AF_INET address must be a pair (host, port)")
    host, port = address
    return _host(host), _port(port, op), 0


def _writable(buffer, nbytes, op):
    """A memoryview of a writable buffer and the byte count to read into it."""
    try:
        view = memoryview(buffer)
    except TypeError:
        raise TypeError("%s() argument 1 must be read-write bytes-like object, not %s"
                        % (op, type(buffer).__name__)) from None
    if view.readonly:
        raise TypeError("%s() argument 1 must be read-write bytes-like object, not %s"
                        % (op, type(buffer).__name__))
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    nbytes = _index(nbytes)
    if nbytes < 0:
        raise ValueError("negative buffersize in %s" % op)
    if nbytes == 0:
        nbytes = len(view)
    elif nbytes > len(view):
        raise ValueError("buffer too small for requested bytes")
    return view, nbytes


def _timeout_value(value):
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError("Timeout value must be int, float or None") from None
    if value < 0 or value != value:
        raise ValueError("Timeout value out of range")
    return value


# -------------------------------------------------------------------- the socket type

_NO_ADDRESS = object()  # sendto(data, flags, None) names None as the address, as CPython does


class socket:
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None) on a Java PySocket."""

    __slots__ = ("_j",)

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None:
            family = AF_INET if family == -1 else _index(family)
            type = SOCK_STREAM if type == -1 else _index(type)
            proto = 0 if proto == -1 else _index(proto)
            self._j = _call(_bridge.mod.socket, family, type, proto)
        else:
            fd = _index(fileno)
            if fd < 0:
                raise ValueError("negative file descriptor")
            self._j = _call(_bridge.mod.fromFd, fd)
            _call(self._j.settimeout, _bridge.mod.getdefaulttimeout())

    # identity ---------------------------------------------------------------
    @property
    def family(self):
        return self._j.family()

    @property
    def type(self):
        return self._j.type()

    @property
    def proto(self):
        return self._j.proto()

    @property
    def timeout(self):
        return self._j.gettimeout()

    def fileno(self):
        return self._j.fileno()

    def __repr__(self):
        return "<socket object, fd=%d, family=%d, type=%d, proto=%d>" % (
            self.fileno(), self.family, self.type, self.proto)

    def __del__(self):
        # A socket Java owns (made in Java, or handed over to it) is closed by Java, not by GC.
        j = getattr(self, "_j", None)
        if j is not None and not j.isClosed() and j.isScriptOwned():
            j.close()

    # modes ------------------------------------------------------------------
    def settimeout(self, value):
        _call(self._j.settimeout, _timeout_value(value))

    def gettimeout(self):
        return self._j.gettimeout()

    def setblocking(self, flag):
        _call(self._j.setblocking, bool(flag))

    def getblocking(self):
        return self._j.getblocking()

    # server side --------------------------------------------------------------
    def bind(self, address):
        host, port, _ = _inet_address(self.family, address, "bind")
        if self.family == AF_UNIX:
            _call(self._j.bindUnix, host)
        else:
            _call(self._j.bind, host, port)

    def listen(self, backlog=None):
        backlog = min(SOMAXCONN, 128) if backlog is None else _index(backlog)
        _call(self._j.listen, max(backlog, 0))

    def _accept(self):
        # One Java call: the connection is numbered in this run's table (even on a listener Java
        # lent the script) and comes back as (fd, peer address).
        fd, addr = _call(_bridge.mod.accept, self._j)
        return fd, _address(addr)

    # client side -------------------------------------------------------------
    def connect(self, address):
        host, port, scope = _inet_address(self.family, address, "connect")
        if self.family == AF_UNIX:
            _call(self._j.connectUnix, host)
        elif scope:
            _call(self._j.connect6, host, port, scope)
        else:
            _call(self._j.connect, host, port)

    def connect_ex(self, address):
        host, port, scope = _inet_address(self.family, address, "connect_ex")
        if self.family == AF_UNIX:
            return _call(self._j.connectUnixEx, host)
        if scope:
            return _call(self._j.connect6Ex, host, port, scope)
        return _call(self._j.connectEx, host, port)

    # data -----------------------------------------------------------------------
    def recv(self, bufsize, flags=0):
        bufsize = _index(bufsize)
        if bufsize < 0:
            raise ValueError("negative buffersize in recv")
        buf = bytearray(bufsize or 1)
        n = _call(self._j.recvInto, _storage(buf), 0, bufsize, _index(flags))
        del buf[n:]
        return bytes(buf)

    def recv_into(self, buffer, nbytes=0, flags=0):
        view, nbytes = _writable(buffer, nbytes, "recv_into")
        if type(buffer) is bytearray:
            return _call(self._j.recvInto, _storage(buffer), 0, nbytes, _index(flags))
        # memoryview/array: no backing byte[] to hand over, so one bulk copy through a scratch buffer
        scratch = bytearray(nbytes or 1)
        n = _call(self._j.recvInto, _storage(scratch), 0, nbytes, _index(flags))
        view[:n] = scratch[:n]
        return n

    def recvfrom(self, bufsize, flags=0):
        bufsize = _index(bufsize)
        if bufsize < 0:
            raise ValueError("negative buffersize in recvfrom")
        buf = bytearray(bufsize or 1)
        n, addr = _call(self._j.recvfromInto, _storage(buf), 0, bufsize, _index(flags))
        del buf[n:]
        return bytes(buf), _address(addr)

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        view, nbytes = _writable(buffer, nbytes, "recvfrom_into")
        scratch = buffer if type(buffer) is bytearray else bytearray(nbytes or 1)
        n, addr = _call(self._j.recvfromInto, _storage(scratch), 0, nbytes, _index(flags))
        if scratch is not buffer:
            view[:n] = scratch[:n]
        return n, _address(addr)

    def send(self, data, flags=0):
        arr, n = _readable(data)
        return _call(self._j.send, arr, 0, n, _index(flags))

    def sendall(self, data, flags=0):
        arr, n = _readable(data)
        _call(self._j.sendall, arr, 0, n, _index(flags))

    def sendto(self, data, flags_or_address, address=_NO_ADDRESS):
        if address is _NO_ADDRESS:
            flags, address = 0, flags_or_address
        else:
            flags = _index(flags_or_address)
        arr, n = _readable(data)
        host, port, _ = _inet_address(self.family, address, "sendto")
        return _call(self._j.sendto, arr, 0, n, flags, host, port)

    # sendmsg/recvmsg without ancillary data: java.nio has gathering and scattering I/O but no
    # control messages, so any ancillary data is refused with a clear error. The buffers are
    # joined (or the data scattered) here, which is what the kernel does with an iovec.
    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        try:
            parts = [memoryview(b).cast("B") for b in buffers]
        except TypeError as e:
            raise TypeError("sendmsg() argument 1 must be an iterable of bytes-like objects (%s)" % e) from None
        items = list(ancdata)
        for item in items:
            if not isinstance(item, tuple) or len(item) != 3:
                raise TypeError("[sendmsg() ancillary data items]() argument must be sequence of length 3")
            _index(item[0]), _index(item[1]), memoryview(item[2])
        flags = _index(flags)
        if len(items) > 1:
            # CPython without CMSG_SPACE (as here) says this, with no errno
            raise OSError("sending multiple control messages is not supported")
        if items:
            raise OSError(_errno.EOPNOTSUPP, "pysock: sendmsg() ancillary data (control messages) is not available on java.nio")
        data = b"".join(parts)
        if address is None:
            return self.send(data, flags)
        return self.sendto(data, flags, address)

    def _recvmsg_scratch(self, nbytes, ancbufsize, flags, op):
        """Receives up to nbytes: (bytearray, n, msg_flags, address)."""
        if _index(ancbufsize) < 0:
            raise ValueError("negative buffer size in %s" % op)
        flags = _index(flags)
        if self.type & SOCK_DGRAM and not self.type & SOCK_STREAM:
            # A datagram longer than the buffer is cut, and says so with MSG_TRUNC: read it whole.
            buf = bytearray(max(nbytes + 1, 65536))
            n, addr = _call(self._j.recvfromInto, _storage(buf), 0, len(buf), flags)
            msg_flags = MSG_TRUNC if n > nbytes else 0
            return buf, min(n, nbytes), msg_flags, _address(addr)
        buf = bytearray(nbytes or 1)
        n = _call(self._j.recvInto, _storage(buf), 0, nbytes, flags)
        return buf, n, 0, None

    def recvmsg(self, bufsize, ancbufsize=0, flags=0):
        bufsize = _index(bufsize)
        if bufsize < 0:
            raise ValueError("negative buffer size in recvmsg()")
        buf, n, msg_flags, addr = self._recvmsg_scratch(bufsize, ancbufsize, flags, "recvmsg()")
        return bytes(buf[:n]), [], msg_flags, addr

    def recvmsg_into(self, buffers, ancbufsize=0, flags=0):
        views = []
        for b in buffers:
            view, _ = _writable(b, 0, "recvmsg_into")
            views.append(view)
        total = sum(len(v) for v in views)
        buf, n, msg_flags, addr = self._recvmsg_scratch(total, ancbufsize, flags, "recvmsg_into()")
        at = 0
        for v in views:
            take = min(len(v), n - at)
            if take <= 0:
                break
            v[:take] = buf[at:at + take]
            at += take
        return n, [], msg_flags, addr

    # options --------------------------------------------------------------------
    def setsockopt(self, level, optname, value, optlen=None):
        level, optname = _index(level), _index(optname)
        if value is None:
            if optlen is None:
                raise TypeError("setsockopt() takes exactly 4 arguments when value is None")
            raise OSError(_errno.EINVAL, "pysock: setsockopt(level, opt, None, optlen) is not supported")
        if isinstance(value, int):
            if not -2**31 <= value < 2**31:
                raise OverflowError("Python int too large to convert to C int")
            _call(self._j.setsockopt, level, optname, int(value))  # a bool is an int in Python, not in Java
            return
        arr, n = _readable(value)
        _call(self._j.setsockoptBytes, level, optname, arr, n)

    def getsockopt(self, level, optname, buflen=0):
        level, optname, buflen = _index(level), _index(optname), _index(buflen)
        if buflen == 0:
            return _call(self._j.getsockopt, level, optname)
        if not 0 < buflen <= 1024:
            raise OSError("getsockopt buflen out of range")
        raw = _call(self._j.getsockoptBytes, level, optname, buflen)
        return bytes(b & 0xFF for b in raw)

    # addresses ------------------------------------------------------------------
    def getsockname(self):
        return _address(_call(self._j.getsockname))

    def getpeername(self):
        return _address(_call(self._j.getpeername))

    # ending ---------------------------------------------------------------------
    def shutdown(self, how):
        _call(self._j.shutdown, _index(how))

    def close(self):
        self._j.close()

    def detach(self):
        """Gives up the fd without closing it (socket(fileno=fd) can take it over)."""
        fd = self._j.fileno()
        self._j = _DETACHED
        return fd


class _Detached:
    """Stands in for the Java socket after detach(): closed for this object, open for the fd."""

    def fileno(self):
        return -1

    def isClosed(self):
        return True

    def close(self):
        pass

    def gettimeout(self):
        return None

    def __getattr__(self, name):
        def closed(*args):
            raise OSError(_errno.EBADF, "Bad file descriptor")
        return closed


_DETACHED = _Detached()


def _address(addr):
    if addr is None or isinstance(addr, str):
        return addr
    return tuple(addr)


SocketType = socket


# -------------------------------------------------------------------- module functions

def dup(fd):
    return _call(_bridge.mod.dupFd, _index(fd))


def close(fd):
    _call(_bridge.mod.closeFd, _index(fd))


def socketpair(family=None, type=None, proto=0):
    family = AF_UNIX if family is None else _index(family)
    type = SOCK_STREAM if type is None else _index(type)
    a, b = _call(_bridge.mod.socketpair, family, type, _index(proto))
    return _wrap(a), _wrap(b)


def _wrap(jsock):
    return _bridge.wrap(jsock, socket)


def getdefaulttimeout():
    return _bridge.mod.getdefaulttimeout()


def setdefaulttimeout(value):
    _bridge.mod.setdefaulttimeout(_timeout_value(value))


def gethostname():
    return _bridge.mod.gethostname()


def sethostname(name):
    raise OSError(_errno.EPERM, "Operation not permitted")


def gethostbyname(hostname):
    return _call(_bridge.mod.gethostbyname, _host(hostname))


def gethostbyname_ex(hostname):
    name, aliases, addrs = _call(_bridge.mod.gethostbynameEx, _host(hostname))
    return name, list(aliases), list(addrs)


def gethostbyaddr(ip_address):
    name, aliases, addrs = _call(_bridge.mod.gethostbyaddr, _host(ip_address))
    return name, list(aliases), list(addrs)


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    if host is not None:
        host = _host(host)
    if port is None:
        portnum = 0
    elif isinstance(port, int):
        portnum = port
        if not 0 <= port <= 65535:
            raise OverflowError("getaddrinfo(): port must be 0-65535.")
    elif isinstance(port, (str, bytes)):
        text = port.decode() if isinstance(port, bytes) else port
        if text.isdigit():
            portnum = int(text)
        elif _index(flags) & AI_NUMERICSERV:
            raise gaierror(EAI_NONAME, "Name or service not known")
        else:
            try:
                portnum = getservbyname(text, "udp" if type == SOCK_DGRAM else "tcp")
            except OSError:
                raise gaierror(EAI_SERVICE, "Servname not supported for ai_socktype") from None
    else:
        raise OSError("Int or String expected")
    rows = _call(_bridge.mod.getaddrinfo, host, portnum, _index(family), _index(type), _index(proto), _index(flags))
    return [(f, t, p, c, tuple(sa)) for f, t, p, c, sa in (tuple(r) for r in rows)]


def getnameinfo(sockaddr, flags):
    if not isinstance(sockaddr, tuple) or not 2 <= len(sockaddr) <= 4:
        raise TypeError("getnameinfo() argument 1 must be a tuple")
    host, port = _host(sockaddr[0]), _port(sockaddr[1], "getnameinfo")
    flags = _index(flags)
    name = _call(_bridge.mod.nameOf, host, bool(flags & NI_NUMERICHOST), bool(flags & NI_NAMEREQD))
    if flags & NI_NUMERICSERV:
        service = str(port)
    else:
        try:
            service = getservbyport(port, "udp" if flags & NI_DGRAM else "tcp")
        except OSError:
            service = str(port)
    return name, service


# /etc/services and /etc/protocols are read here, not in Java: plain files, no network.
_services = None
_PROTOCOLS_FALLBACK = {"ip": 0, "icmp": 1, "tcp": 6, "udp": 17, "ipv6": 41, "raw": 255}


def _service_table():
    global _services
    if _services is None:
        table = []
        try:
            with open("/etc/services", encoding="latin-1") as f:
                for line in f:
                    fields = line.split("#", 1)[0].split()
                    if len(fields) >= 2 and "/" in fields[1]:
                        port, proto = fields[1].split("/", 1)
                        table.append(([fields[0]] + fields[2:], int(port), proto))
        except OSError:
            table = [(["http", "www"], 80, "tcp"), (["https"], 443, "tcp"), (["ftp"], 21, "tcp"),
                     (["smtp"], 25, "tcp"), (["pop3"], 110, "tcp"), (["imap", "imap2"], 143, "tcp"),
                     (["telnet"], 23, "tcp"), (["gopher"], 70, "tcp"), (["nntp"], 119, "tcp")]
        _services = table
    return _services


def getservbyname(servicename, protocolname=None):
    for names, port, proto in _service_table():
        if servicename in names and protocolname in (None, proto):
            return port
    raise OSError("service/proto not found")


def getservbyport(port, protocolname=None):
    port = _index(port)
    if not 0 <= port <= 65535:
        raise OverflowError("getservbyport: port must be 0-65535.")
    for names, p, proto in _service_table():
        if p == port and protocolname in (None, proto):
            return names[0]
    raise OSError("port/proto not found")


def getprotobyname(protocolname):
    try:
        with open("/etc/protocols", encoding="latin-1") as f:
            for line in f:
                fields = line.split("#", 1)[0].split()
                if len(fields) >= 2 and (protocolname == fields[0] or protocolname in fields[2:]):
                    return int(fields[1])
    except OSError:
        if protocolname in _PROTOCOLS_FALLBACK:
            return _PROTOCOLS_FALLBACK[protocolname]
    raise OSError("protocol not found")


# -------------------------------------------------------------------- byte order and addresses

def _unsigned(x, bits, name):
    x = _index(x)
    if x < 0:
        if bits == 16:
            raise OverflowError("%s: can't convert negative Python int to C 16-bit unsigned integer" % name)
        raise OverflowError("can't convert negative value to unsigned int")
    if x >> bits:
        if bits == 16:
            raise OverflowError("%s: Python int too large to convert to C 16-bit unsigned integer" % name)
        raise OverflowError("int larger than 32 bits")
    return x


def htons(x):
    x = _unsigned(x, 16, "htons")
    return ((x & 0xFF) << 8) | (x >> 8)


def ntohs(x):
    x = _unsigned(x, 16, "ntohs")
    return ((x & 0xFF) << 8) | (x >> 8)


def htonl(x):
    return int.from_bytes(_unsigned(x, 32, "htonl").to_bytes(4, "little"), "big")


def ntohl(x):
    return int.from_bytes(_unsigned(x, 32, "ntohl").to_bytes(4, "little"), "big")


def inet_aton(ip_string):
    """The classic inet_aton: 1 to 4 parts, each decimal, octal (0...) or hex (0x...)."""
    if not isinstance(ip_string, str):
        raise TypeError("inet_aton() argument 1 must be str, not %s" % type(ip_string).__name__)
    try:
        parts = [int(p, 16) if p.lower().startswith("0x") else int(p, 8) if len(p) > 1 and p.startswith("0")
                 else int(p, 10) for p in ip_string.split(".")]
        if not 1 <= len(parts) <= 4 or any(p < 0 for p in parts) or not ip_string.strip() == ip_string:
            raise ValueError
        *head, last = parts
        if any(p > 255 for p in head) or last >= 1 << (8 * (4 - len(head))):
            raise ValueError
        value = 0
        for p in head:
            value = (value << 8) | p
        value = (value << (8 * (4 - len(head)))) | last
        return value.to_bytes(4, "big")
    except ValueError:
        raise OSError("illegal IP address string passed to inet_aton") from None


def inet_ntoa(packed_ip):
    packed = bytes(memoryview(packed_ip))
    if len(packed) != 4:
        raise OSError("packed IP wrong length for inet_ntoa")
    return "%d.%d.%d.%d" % tuple(packed)


def inet_pton(address_family, ip_string):
    if not isinstance(ip_string, str):
        raise TypeError("inet_pton() argument 2 must be str, not %s" % type(ip_string).__name__)
    import ipaddress
    try:
        if address_family == AF_INET:
            return ipaddress.IPv4Address(ip_string).packed
        if address_family == AF_INET6:
            return ipaddress.IPv6Address(ip_string).packed
    except ValueError:
        raise OSError("illegal IP address string passed to inet_pton") from None
    raise OSError(_errno.EAFNOSUPPORT, "Address family not supported by protocol")


def inet_ntop(address_family, packed_ip):
    packed = bytes(memoryview(packed_ip))
    import ipaddress
    if address_family == AF_INET:
        if len(packed) != 4:
            raise ValueError("invalid length of packed IP address string")
        return inet_ntoa(packed)
    if address_family == AF_INET6:
        if len(packed) != 16:
            raise ValueError("invalid length of packed IP address string")
        if packed[:12] == b"\0" * 10 + b"\xff\xff":
            return "::ffff:" + inet_ntoa(packed[12:])  # glibc writes mapped addresses this way
        return ipaddress.IPv6Address(packed).compressed
    raise ValueError("unknown address family %d" % address_family)
