"""Bad input, probed: every public function and method of _socket, select and ssl with wrong
arguments, run under CPython and under pysock; BadInputTest compares the two outputs line by line.

One line per probe: ``name: ok <result>`` or ``name: <ExceptionClass> <errno> <message>``. The
output never holds a port, a descriptor number or an address that varies from run to run (they
are printed as <fd>, <port>), so two runs of the same implementation print the same lines.
Only loopback and literal addresses: nothing here may send a DNS query (BadInputTest runs CPython
with no network and pysock with a resolver that knows only localhost).
"""

import array
import errno
import math
import os
import re
import select
import socket
import ssl
import sys

_volatile = {}  # number (as text) -> placeholder


def volatile(value, name):
    _volatile[str(value)] = name
    return value


def _scrub(text):
    text = re.sub(r"<([\w.]+ object|memory) at 0x[0-9a-f]+>", r"<\1>", text)
    for value, name in _volatile.items():
        text = re.sub(r"(?<![\w.])%s(?![\w.])" % value, name, text)
    return text


def _show(r):
    if isinstance(r, (socket.socket, socket.SocketType)):
        return "<socket>"
    if r is None or isinstance(r, (bool, int, float, str, bytes)):
        return repr(r)
    if isinstance(r, (tuple, list)):
        inner = ", ".join(_show(x) for x in r)
        return ("(%s)" if isinstance(r, tuple) else "[%s]") % inner
    return "<%s>" % type(r).__name__


def probe(name, fn, *args, message=True, **kwargs):
    """Calls fn(*args, **kwargs) and prints one line; message=False where CPython's text is its libc's or OpenSSL's."""
    try:
        r = fn(*args, **kwargs)
    except Exception as e:
        code = getattr(e, "errno", None) if isinstance(e, OSError) else None
        text = str(e) if message else "-"
        line = "%s: %s %s %s" % (name, type(e).__name__, code, text)
    else:
        line = "%s: ok %s" % (name, _show(r))
    print(_scrub(line))


def closing(s):
    """Closes a socket a probe made (the result line says whether one was made)."""
    if isinstance(s, socket.socket):
        s.close()
    return s


BAD_INTS = [None, "1", b"1", 1.5, float("nan"), [], 2**31, 2**32, 2**63, 2**64, -2**63 - 1]
BAD_PORTS = [-1, 65536, 2**16 + 80, 2**31, 2**64, -2**64, "80", b"80", 80.0, None, []]
BAD_HOSTS = [None, 1, 1.5, [], ("127.0.0.1",), "\udcff", "127.0.0.1\0", b"127.0.0.1\0"]
BAD_TIMEOUTS = [-1, -0.5, -1e-9, float("nan"), float("-inf"), float("inf"), "1", b"1", [], object(), 1j, -2**64, 2**1024]


# --------------------------------------------------------------------------- socket()

def construct():
    for fam in [socket.AF_INET, socket.AF_INET6, socket.AF_UNIX, 0, 3, 99, -2, 2**31, 2**64, "2", 2.0, None]:
        for typ in [socket.SOCK_STREAM, socket.SOCK_DGRAM, 0, 99, -2, socket.SOCK_STREAM | socket.SOCK_NONBLOCK,
                    socket.SOCK_DGRAM | socket.SOCK_CLOEXEC, socket.SOCK_SEQPACKET]:
            probe("socket(%r, %r)" % (fam, typ), lambda: closing(socket.socket(fam, typ)))
    for proto in [0, 6, 17, 132, 255, -2, 2**31, "6", 6.0, None]:
        probe("socket(AF_INET, SOCK_STREAM, %r)" % (proto,), lambda: closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)))
        probe("socket(AF_INET, SOCK_DGRAM, %r)" % (proto,), lambda: closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM, proto)))
    for fd in [-1, -2, 2**31, 2**64, "3", 1.5]:
        probe("socket(fileno=%r)" % (fd,), lambda: closing(socket.socket(fileno=fd)))
    probe("socket(1, 2, 3, 4, 5)", lambda: socket.socket(1, 2, 3, 4, 5))
    probe("socket(bogus=1)", lambda: socket.socket(bogus=1))
    for args in [(0,), (socket.AF_INET,), (socket.AF_UNIX, socket.SOCK_DGRAM), (socket.AF_UNIX, 99), (99,),
                 (socket.AF_UNIX, socket.SOCK_STREAM, 5), ("1",), (None, None, "0")]:
        probe("socketpair%r" % (args,), lambda: [closing(s) for s in socket.socketpair(*args)])


# --------------------------------------------------------------------------- addresses

def addresses():
    for fam, fname in [(socket.AF_INET, "inet"), (socket.AF_INET6, "inet6")]:
        host = "127.0.0.1" if fam == socket.AF_INET else "::1"
        bad = [None, 1, "x", (), (host,), [host, 0], (host, 0, 0, 0, 0), (host, 0, 0) if fam == socket.AF_INET else (host, 0, -1),
               (host, 0, 0, -1) if fam == socket.AF_INET6 else (host, 0, 0, 0), (host, 0, 2**20) if fam == socket.AF_INET6 else ({}, 0)]
        bad += [(h, 0) for h in BAD_HOSTS] + [(host, p) for p in BAD_PORTS]
        for addr in bad:
            for op in ("bind", "connect", "connect_ex"):
                s = socket.socket(fam, socket.SOCK_STREAM)
                s.settimeout(2)
                probe("%s %s(%r)" % (fname, op, addr), getattr(s, op), addr)
                s.close()
            s = socket.socket(fam, socket.SOCK_DGRAM)
            probe("%s sendto(%r)" % (fname, addr), s.sendto, b"x", addr)
            s.close()
    # the other family's literal
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe("inet bind(('::1', 0))", s.bind, ("::1", 0), message=False)
    s.close()
    # AF_UNIX paths
    for addr in [None, 1, ("x", 1), "", b"", "\0", "/nonexistent-dir-pysock/x", "x" * 200, b"x" * 200, "a\0b"]:
        for op in ("bind", "connect", "connect_ex"):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            probe("unix %s(%r)" % (op, addr), getattr(s, op), addr)
            s.close()
    # a port nobody listens on, and port 0
    for addr in [("127.0.0.1", 1), ("127.0.0.1", 0), ("::1", 0)]:
        fam = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(2)
        probe("connect refused %r" % (addr,), s.connect, addr)
        probe("connect_ex refused %r" % (addr,), s.connect_ex, addr)
        s.close()
    # bind twice, and to a port already taken
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = volatile(s.getsockname()[1], "<port>")
    probe("bind twice", s.bind, ("127.0.0.1", 0))
    s.listen()
    t = socket.socket()
    probe("bind taken port", t.bind, ("127.0.0.1", port))
    probe("listen(-1) after failed bind", t.listen, -1)
    t.close()
    probe("listen twice", s.listen, 5)
    probe("connect on listener", s.connect, ("127.0.0.1", port))
    s.close()


# --------------------------------------------------------------------------- methods with wrong arguments

def pair():
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    return a, b


def methods():
    a, b = pair()
    for n in [-1, 0, 1, 2**31 - 1, 2**31, 2**40, 2**63, 2**64, -2**63, None, "1", 1.5, True]:
        probe("recv(%r)" % (n,), a.recv, n)
        probe("recvfrom(%r)" % (n,), a.recvfrom, n)
    for n in [-1, 0, 2**31, "1", None]:
        probe("recv(1, flags=%r)" % (n,), a.recv, 1, n)
        probe("send(b'', flags=%r)" % (n,), a.send, b"", n)
    for buf in [bytearray(0), bytearray(4), b"xxxx", "xxxx", None, memoryview(b"xx"), memoryview(bytearray(4))[::2],
                array.array("i", [0]), array.array("b"), 5, [0, 0]]:
        label = type(buf).__name__ + (str(len(buf)) if hasattr(buf, "__len__") else "")
        probe("recv_into(%s)" % label, a.recv_into, buf)
        probe("recvfrom_into(%s)" % label, a.recvfrom_into, buf)
        for n in [-1, 1, 5, 2**63, "1"]:
            probe("recv_into(%s, %r)" % (label, n), a.recv_into, buf, n)
    for data in [b"", b"x", bytearray(b"x"), memoryview(b"x"), array.array("i", [1]), "x", None, 1, [1], (1,),
                 memoryview(b"abcd")[::2], b"x" * 70000]:
        label = type(data).__name__ + (str(len(data)) if hasattr(data, "__len__") else "")
        probe("send(%s)" % label, a.send, data)
        probe("sendall(%s)" % label if len(label) < 20 else "sendall(big)", a.sendall, data)
        probe("sendto(%s)" % label, a.sendto, data, ("127.0.0.1", 9))
    # drain what was sent, so the peer is empty again
    try:
        while b.recv(65536):
            pass
    except BlockingIOError:
        pass
    probe("sendto() no args", a.sendto)
    probe("sendto(b'x')", a.sendto, b"x")
    probe("sendto(b'x', 0, addr, extra)", a.sendto, b"x", 0, ("127.0.0.1", 9), 1)
    probe("sendto(b'x', 'flags', addr)", a.sendto, b"x", "0", ("127.0.0.1", 9))
    probe("recv()", a.recv)
    probe("recv(1, 0, 0)", a.recv, 1, 0, 0)
    probe("send()", a.send)
    for how in [-1, 0, 1, 2, 3, None, "1", 2**64]:
        c, d = pair()
        probe("shutdown(%r)" % (how,), c.shutdown, how)
        c.close()
        d.close()
    for level, opt, value in [
            (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1), (socket.SOL_SOCKET, socket.SO_REUSEADDR, True),
            (socket.SOL_SOCKET, socket.SO_REUSEADDR, 2**31), (socket.SOL_SOCKET, socket.SO_REUSEADDR, -2**31 - 1),
            (socket.SOL_SOCKET, socket.SO_REUSEADDR, "1"), (socket.SOL_SOCKET, socket.SO_REUSEADDR, None),
            (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1.0), (socket.SOL_SOCKET, socket.SO_REUSEADDR, b"\1\0\0\0"),
            (socket.SOL_SOCKET, 9999, 1), (9999, 1, 1), (-1, 1, 1), ("1", 1, 1), (None, 1, 1), (socket.SOL_SOCKET, None, 1),
            (socket.SOL_SOCKET, socket.SO_RCVBUF, -1), (socket.SOL_SOCKET, socket.SO_LINGER, 1),
            (socket.SOL_SOCKET, socket.SO_TYPE, 1)]:
        probe("setsockopt(%r, %r, %r)" % (level, opt, value), a.setsockopt, level, opt, value)
    probe("setsockopt(SOL_SOCKET, SO_REUSEADDR)", a.setsockopt, socket.SOL_SOCKET, socket.SO_REUSEADDR)
    probe("setsockopt(SOL_SOCKET, SO_REUSEADDR, None, 4)", a.setsockopt, socket.SOL_SOCKET, socket.SO_REUSEADDR, None, 4)
    for level, opt, buflen in [(socket.SOL_SOCKET, socket.SO_TYPE, 0), (socket.SOL_SOCKET, socket.SO_TYPE, -1),
                               (socket.SOL_SOCKET, socket.SO_TYPE, 4), (socket.SOL_SOCKET, socket.SO_TYPE, 1025),
                               (socket.SOL_SOCKET, socket.SO_TYPE, 2**31), (socket.SOL_SOCKET, 9999, 0), (9999, 1, 0),
                               (socket.SOL_SOCKET, socket.SO_TYPE, "4"), (None, 1, 0), (socket.SOL_SOCKET, socket.SO_ERROR, 0)]:
        probe("getsockopt(%r, %r, %r)" % (level, opt, buflen), a.getsockopt, level, opt, buflen)
    for v in BAD_TIMEOUTS + [0, 0.0, None, 1, True, 2**64, 1e9]:
        probe("settimeout(%r)" % (v,) if not isinstance(v, object) or type(v) is not object else "settimeout(object())",
              a.settimeout, v)
        probe("gettimeout after %s" % type(v).__name__, a.gettimeout)
    for v in [0, 1, None, "", "x", [], 2**64, -1, float("nan")]:
        probe("setblocking(%r)" % (v,), a.setblocking, v)
        probe("getblocking after %r" % (v,), a.getblocking)
    a.setblocking(False)
    for v in [None, -1, 0, 2**31, 2**64, "5", 1.5]:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        probe("listen(%r)" % (v,), s.listen, *([] if v is None else [v]))
        s.close()
    probe("getpeername unconnected", lambda: closing_call(socket.socket(), "getpeername"))
    probe("getsockname unbound", lambda: closing_call(socket.socket(), "getsockname"))
    probe("getsockname unbound udp", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "getsockname"))
    probe("getsockname unbound inet6", lambda: closing_call(socket.socket(socket.AF_INET6), "getsockname"))
    probe("accept unlistened", lambda: closing_call(socket.socket(), "accept"))
    probe("recv unconnected", lambda: closing_call(socket.socket(), "recv", 1))
    probe("send unconnected", lambda: closing_call(socket.socket(), "send", b"x"))
    probe("sendall unconnected", lambda: closing_call(socket.socket(), "sendall", b"x"))
    probe("shutdown unconnected", lambda: closing_call(socket.socket(), "shutdown", socket.SHUT_RDWR))
    probe("recv unconnected udp nonblocking", lambda: closing_call(nonblocking_udp(), "recv", 1))
    probe("recvfrom unbound udp nonblocking", lambda: closing_call(nonblocking_udp(), "recvfrom", 1))
    probe("send unconnected udp", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "send", b"x"))
    probe("sendto stream unconnected", lambda: closing_call(socket.socket(), "sendto", b"x", ("127.0.0.1", 9)))
    probe("udp sendto 65508", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "sendto", b"x" * 65508, ("127.0.0.1", 9)))
    probe("udp sendto 65507", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "sendto", b"x" * 65507, ("127.0.0.1", 9)))
    probe("accept on udp", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "accept"))
    probe("listen on udp", lambda: closing_call(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), "listen"))
    a.close()
    b.close()


def nonblocking_udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    return s


def closing_call(s, method, *args):
    try:
        return getattr(s, method)(*args)
    finally:
        s.close()


# --------------------------------------------------------------------------- closed sockets

def closed():
    for kind in ("tcp", "udp", "pair"):
        if kind == "pair":
            s, other = socket.socketpair()
            other.close()
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
        s.close()
        calls = [("fileno", ()), ("recv", (1,)), ("recv_into", (bytearray(1),)), ("recvfrom", (1,)),
                 ("recvfrom_into", (bytearray(1),)), ("send", (b"x",)), ("sendall", (b"x",)),
                 ("sendto", (b"x", ("127.0.0.1", 9))), ("bind", (("127.0.0.1", 0),)), ("listen", ()),
                 ("accept", ()), ("connect", (("127.0.0.1", 9),)), ("connect_ex", (("127.0.0.1", 9),)),
                 ("getsockname", ()), ("getpeername", ()), ("setsockopt", (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)),
                 ("getsockopt", (socket.SOL_SOCKET, socket.SO_TYPE)), ("shutdown", (socket.SHUT_RDWR,)),
                 ("settimeout", (1,)), ("gettimeout", ()), ("setblocking", (False,)), ("getblocking", ()),
                 ("close", ()), ("detach", ()), ("dup", ()), ("makefile", ()), ("family", None), ("type", None),
                 ("proto", None), ("sendfile", (None,))]
        for method, args in calls:
            if args is None:
                probe("closed %s %s" % (kind, method), getattr, s, method)
            else:
                probe("closed %s %s" % (kind, method), getattr(s, method), *args)
        probe("closed %s repr" % kind, lambda: repr(s).split(" ")[1])
    # detached
    s = socket.socket()
    fd = s.detach()
    probe("detached fileno", s.fileno)
    probe("detached send", s.send, b"x")
    probe("detached close", s.close)
    socket.close(fd)
    probe("close(fd) twice", socket.close, fd)
    probe("close(-1)", socket.close, -1)
    probe("close('x')", socket.close, "x")
    probe("dup(-1)", socket.dup, -1)
    probe("dup('x')", socket.dup, "x")
    probe("fromfd(-1)", socket.fromfd, -1, socket.AF_INET, socket.SOCK_STREAM)


# --------------------------------------------------------------------------- module functions

def functions():
    for f in (socket.htons, socket.ntohs, socket.htonl, socket.ntohl):
        for v in [0, 1, 65535, 65536, 2**32 - 1, 2**32, -1, 2**64, "1", 1.5, None, True]:
            probe("%s(%r)" % (f.__name__, v), f, v)
    for v in ["127.0.0.1", "1", "1.2", "1.2.3", "0x7f.1", "010.0.0.1", "256.0.0.1", "1.2.3.4.5", "", " 1.2.3.4",
              "1.2.3.4 ", "1.2.3.4\0", "a.b.c.d", "4294967295", "4294967296", b"1.2.3.4", None, 1, "１.２.３.４"]:
        probe("inet_aton(%r)" % (v,), socket.inet_aton, v)
    for v in [b"\x7f\0\0\1", b"", b"\1\2\3", b"\1\2\3\4\5", bytearray(4), memoryview(b"abcd"), "abcd", None, 1]:
        probe("inet_ntoa(%r)" % (v,), socket.inet_ntoa, v)
    for fam in [socket.AF_INET, socket.AF_INET6, socket.AF_UNIX, 99, -1, "2", None]:
        for v in ["127.0.0.1", "::1", "::ffff:1.2.3.4", "1.2.3", "", "1:2:3:4:5:6:7:8:9", "fe80::1%lo", b"::1", None]:
            probe("inet_pton(%r, %r)" % (fam, v), socket.inet_pton, fam, v)
        for v in [b"\1\2\3\4", b"\0" * 16, b"\0" * 10 + b"\xff\xff\1\2\3\4", b"\0" * 15, b"", "abcd", None]:
            probe("inet_ntop(%r, %r)" % (fam, v), socket.inet_ntop, fam, v)
    for port in BAD_PORTS + [0, 80, "http", "nosuchservice", b"http"]:
        probe("getaddrinfo('127.0.0.1', %r)" % (port,), socket.getaddrinfo, "127.0.0.1", port, socket.AF_INET, socket.SOCK_STREAM)
    for host in [None, 1, 1.5, [], "\udcff", b"127.0.0.1", bytearray(b"127.0.0.1")]:
        probe("getaddrinfo(%r, 80)" % (host,), socket.getaddrinfo, host, 80, socket.AF_INET, socket.SOCK_STREAM)
    probe("getaddrinfo(None, None)", socket.getaddrinfo, None, None)
    for fam in [99, -1, "2", None, 2**64]:
        probe("getaddrinfo(family=%r)" % (fam,), socket.getaddrinfo, "127.0.0.1", 80, fam)
    for typ in [99, -1, "1", 2**64]:
        probe("getaddrinfo(type=%r)" % (typ,), socket.getaddrinfo, "127.0.0.1", 80, socket.AF_INET, typ)
    for proto in [99, -1, "6", 2**64]:
        probe("getaddrinfo(proto=%r)" % (proto,), socket.getaddrinfo, "127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM, proto)
    for flags in [-1, 2**31, "0", socket.AI_NUMERICHOST, socket.AI_PASSIVE, socket.AI_CANONNAME]:
        probe("getaddrinfo(flags=%r)" % (flags,), socket.getaddrinfo, "127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM, 0, flags)
    probe("getaddrinfo('::1', 80, AF_INET)", socket.getaddrinfo, "::1", 80, socket.AF_INET, message=False)
    probe("getaddrinfo('127.0.0.1', 80, AF_UNIX)", socket.getaddrinfo, "127.0.0.1", 80, socket.AF_UNIX)
    probe("getaddrinfo('127.0.0.1', 'x', flags=AI_NUMERICSERV)", socket.getaddrinfo, "127.0.0.1", "x", 0, 0, 0, socket.AI_NUMERICSERV)
    probe("getaddrinfo()", socket.getaddrinfo)
    for sa, flags in [(("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV), (("127.0.0.1",), 0), ((), 0),
                      ("127.0.0.1", 0), (["127.0.0.1", 80], 0), (("127.0.0.1", -1), 0), (("127.0.0.1", 65536), 0),
                      (("127.0.0.1", "80"), 0), ((1, 80), 0), (("127.0.0.1", 80, 0, 0, 0), 0), (("127.0.0.1", 80), "0"),
                      (("127.0.0.1", 80), None), (("::1", 80, 0, 0), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV),
                      (("::1", 80, -1, 0), socket.NI_NUMERICHOST), (("::1", 80, 0, 2**32), socket.NI_NUMERICHOST),
                      (("127.0.0.1", 80, 0), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)]:
        probe("getnameinfo(%r, %r)" % (sa, flags), socket.getnameinfo, sa, flags)
    for name, proto in [("http", "tcp"), ("http", None), ("nosuch", "tcp"), ("http", "nosuch"), (None, "tcp"), (1, "tcp"),
                        ("http", 1), (b"http", "tcp")]:
        probe("getservbyname(%r, %r)" % (name, proto), socket.getservbyname, name, proto)
    for port, proto in [(80, "tcp"), (80, None), (-1, "tcp"), (65536, "tcp"), (2**64, "tcp"), ("80", "tcp"), (80, 1),
                        (1.5, "tcp"), (0, "tcp")]:
        probe("getservbyport(%r, %r)" % (port, proto), socket.getservbyport, port, proto)
    for name in ["tcp", "udp", "nosuch", "", None, 1, b"tcp"]:
        probe("getprotobyname(%r)" % (name,), socket.getprotobyname, name)
    for host in [None, 1, "", "127.0.0.1", b"127.0.0.1", "\udcff", "127.0.0.1\0"]:
        probe("gethostbyname(%r)" % (host,), socket.gethostbyname, host)
        probe("gethostbyname_ex(%r)" % (host,), socket.gethostbyname_ex, host)
    for host in [None, 1, "\udcff"]:
        probe("gethostbyaddr(%r)" % (host,), socket.gethostbyaddr, host)
    probe("gethostname()", lambda: type(socket.gethostname()).__name__)
    probe("gethostname(1)", socket.gethostname, 1)
    for v in BAD_TIMEOUTS + [None, 0, 1.5]:
        probe("setdefaulttimeout(%s)" % (type(v).__name__ if type(v) is object else repr(v)), socket.setdefaulttimeout, v)
        probe("getdefaulttimeout()", socket.getdefaulttimeout)
    socket.setdefaulttimeout(None)
    probe("create_connection refused", socket.create_connection, ("127.0.0.1", 1), 2)
    probe("create_connection bad port", socket.create_connection, ("127.0.0.1", -1))
    probe("create_connection bad address", socket.create_connection, "127.0.0.1")
    probe("create_server bad port", socket.create_server, ("127.0.0.1", 65536))
    probe("if_nametoindex('nosuch0')", lambda: socket.if_nametoindex("nosuch0"))
    probe("if_indextoname(0)", lambda: socket.if_indextoname(0))
    probe("if_indextoname(-1)", lambda: socket.if_indextoname(-1))
    probe("if_indextoname('x')", lambda: socket.if_indextoname("x"))
    probe("CMSG_LEN(-1)", lambda: socket.CMSG_LEN(-1))
    probe("CMSG_SPACE(-1)", lambda: socket.CMSG_SPACE(-1))
    probe("CMSG_LEN(4)", lambda: socket.CMSG_LEN(4))


# --------------------------------------------------------------------------- makefile

def makefiles():
    a, b = socket.socketpair()
    a.settimeout(2)
    b.settimeout(2)
    for mode in ["r", "w", "rw", "rb", "wb", "rwb", "x", "a", "r+", "", 1, None]:
        probe("makefile(%r)" % (mode,), lambda: type(a.makefile(mode)).__name__)
    for buffering in [-1, 0, 1, 2**31]:
        probe("makefile('rb', %r)" % (buffering,), lambda: type(a.makefile("rb", buffering)).__name__)
    probe("makefile('r', 0)", a.makefile, "r", 0)
    probe("makefile('rb', encoding='utf-8')", a.makefile, "rb", encoding="utf-8")
    f = a.makefile("rb")
    probe("makefile rb write", f.write, b"x")
    w = a.makefile("wb")
    probe("makefile wb read", w.read)
    probe("makefile wb write str", w.write, "x")
    w.close()
    b.sendall(b"line\npart")
    b.shutdown(socket.SHUT_WR)
    probe("makefile readline", f.readline)
    probe("makefile read", f.read)
    probe("makefile read at eof", f.read)
    f.close()
    probe("makefile read after close", f.read)
    a.close()
    b.close()


# --------------------------------------------------------------------------- select, poll, epoll

class FilenoReturns:
    def __init__(self, value):
        self.value = value

    def fileno(self):
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


def selects():
    a, b = pair()
    for lists in [(1, [], []), ([], None, []), ([], [], "x"), ([None], [], []), (["x"], [], []), ([-1], [], []),
                  ([2**31], [], []), ([2**64], [], []), ([FilenoReturns("x")], [], []), ([FilenoReturns(-1)], [], []),
                  ([FilenoReturns(ValueError("boom"))], [], []), ([object()], [], []), ([1.5], [], [])]:
        probe("select(%r)" % (lists,), select.select, *lists, 0)
    for t in [-1, -0.001, float("nan"), "1", [], 2**64, float("inf"), -float("inf")]:
        probe("select timeout %r" % (t,), select.select, [], [a], [], t)  # a is writable: no wait
    probe("select timeout 0 not ready", select.select, [a], [], [], 0)
    probe("select writable", lambda: [len(x) for x in select.select([], [a], [], 0)])
    probe("select() no args", select.select)
    probe("select(r, w)", select.select, [], [])
    c = socket.socket()
    c.close()
    probe("select closed socket", select.select, [c], [], [], 0)
    probe("select closed fd number", lambda: [len(x) for x in select.select([a.fileno() + 1000], [], [], 0)])

    p = select.poll()
    for fd in [-1, 2**31, 2**64, "x", None, 1.5, FilenoReturns("x"), c]:
        probe("poll.register(%r)" % (fd if not isinstance(fd, (FilenoReturns, socket.socket)) else type(fd).__name__,), p.register, fd)
    for mask in [-1, 2**16, 2**32, "1", None, 1.5]:
        probe("poll.register(a, %r)" % (mask,), p.register, a, mask)
    probe("poll.modify unregistered", p.modify, b, select.POLLIN)
    probe("poll.unregister unregistered", p.unregister, b, message=False)  # KeyError(fd)
    probe("poll.register(a)", p.register, a, select.POLLIN)
    probe("poll.modify(a, -1)", p.modify, a, -1)
    b.send(b"x")  # a is readable: no poll below waits
    for t in [-1, 0, "1", 1.5, float("nan"), 2**64, -2**64, None]:
        probe("poll.poll(%r)" % (t,), lambda: [events for fd, events in p.poll(t)])
    probe("poll.unregister(a)", p.unregister, a)
    probe("poll.unregister(a) twice", p.unregister, a, message=False)  # KeyError(fd)
    probe("poll.poll(1, 2)", p.poll, 1, 2)
    probe("poll.register closed fd number", p.register, a.fileno() + 1000)
    probe("poll.poll with closed fd number", lambda: [events for fd, events in p.poll(0)])

    probe("epoll(-2)", select.epoll, -2)
    probe("epoll(0)", select.epoll, 0)
    probe("epoll('1')", select.epoll, "1")
    probe("epoll(flags=1)", select.epoll, -1, 1)
    ep = select.epoll()
    probe("epoll.register(a)", ep.register, a, select.EPOLLIN)
    probe("epoll.register(a) twice", ep.register, a, select.EPOLLIN)
    probe("epoll.modify unregistered", ep.modify, b, select.EPOLLIN)
    probe("epoll.unregister unregistered", ep.unregister, b)
    for mask in [-1, 2**32, "1", None]:
        probe("epoll.register(b, %r)" % (mask,), ep.register, b, mask)
    for fd in [-1, 2**31, "x", None, FilenoReturns("x"), c]:
        probe("epoll.register(%r)" % (fd if not isinstance(fd, (FilenoReturns, socket.socket)) else type(fd).__name__,), ep.register, fd)
    for t, m in [(0, -1), (0, 0), (0, -2), (0, "1"), ("x", -1), (-1.5, 1), (0, 2**64), (float("nan"), 1), (None, 1), (2**64, 1)]:
        probe("epoll.poll(%r, %r)" % (t, m), lambda: [events for fd, events in ep.poll(t, m)])
    probe("epoll.unregister(a)", ep.unregister, a)
    probe("epoll.unregister(a) twice", ep.unregister, a)
    probe("epoll.register closed fd number", ep.register, a.fileno() + 1000)
    ep.close()
    probe("epoll.closed", lambda: ep.closed)
    for method, args in [("register", (a,)), ("modify", (a, 1)), ("unregister", (a,)), ("poll", (0,)), ("fileno", ()),
                         ("close", ()), ("__enter__", ())]:
        probe("closed epoll.%s" % method, getattr(ep, method), *args)
    a.close()
    b.close()


# --------------------------------------------------------------------------- ssl

def tls():
    probe("SSLContext(99)", ssl.SSLContext, 99)
    probe("SSLContext('x')", ssl.SSLContext, "x")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe("load_cert_chain missing", ctx.load_cert_chain, "/nonexistent-pysock/cert.pem")
    probe("load_cert_chain None", ctx.load_cert_chain, None)
    probe("load_verify_locations()", ctx.load_verify_locations)
    probe("load_verify_locations missing", ctx.load_verify_locations, "/nonexistent-pysock/ca.pem")
    probe("load_verify_locations(cadata=1)", ctx.load_verify_locations, cadata=1)
    probe("set_ciphers('bogus')", ctx.set_ciphers, "bogus-cipher-name", message=False)
    probe("set_alpn_protocols(1)", ctx.set_alpn_protocols, 1)
    probe("set_alpn_protocols(['x'*256])", ctx.set_alpn_protocols, ["x" * 256])
    probe("verify_mode = 99", setattr, ctx, "verify_mode", 99)
    probe("check_hostname off with CERT_REQUIRED", lambda: (setattr(ctx, "check_hostname", False), ctx.verify_mode)[1])
    ctx.check_hostname = True
    probe("verify_mode CERT_NONE with check_hostname", setattr, ctx, "verify_mode", ssl.CERT_NONE)
    probe("minimum_version = 'x'", setattr, ctx, "minimum_version", "x")
    probe("wrap_socket(None)", ctx.wrap_socket, None, server_hostname="localhost")
    probe("wrap_socket('x')", ctx.wrap_socket, "x", server_hostname="localhost")
    for hostname in [1, "", ".x", "a\0b", b"x", "\udcff"]:
        with socket.socket() as s:
            probe("wrap_socket server_hostname=%r" % (hostname,), ctx.wrap_socket, s, server_hostname=hostname)
    with socket.socket() as s:
        probe("wrap_socket without server_hostname", ctx.wrap_socket, s)
    s = socket.socket()
    probe("wrap_socket udp", lambda: ctx.wrap_socket(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), server_hostname="x"))
    ws = ctx.wrap_socket(s, server_hostname="localhost")
    for method, args in [("recv", (1,)), ("send", (b"x",)), ("sendall", (b"x",)), ("do_handshake", ()), ("read", ()),
                         ("write", (b"x",)), ("getpeercert", ()), ("cipher", ()), ("version", ()), ("pending", ()),
                         ("selected_alpn_protocol", ()), ("recv_into", (bytearray(1),)), ("unwrap", ()),
                         ("recvfrom", (1,)), ("sendto", (b"x", ("127.0.0.1", 9))), ("recv", (-1,)), ("send", ("x",))]:
        probe("unconnected SSLSocket.%s" % method, getattr(ws, method), *args, message=method != "unwrap")
    ws.close()
    for method, args in [("recv", (1,)), ("send", (b"x",)), ("do_handshake", ()), ("getpeercert", ()), ("cipher", ()),
                         ("pending", ()), ("unwrap", ())]:
        probe("closed SSLSocket.%s" % method, getattr(ws, method), *args)
    c = socket.socket()
    c.close()
    probe("wrap closed socket", ctx.wrap_socket, c, server_hostname="localhost")
    # a peer that does not speak TLS
    a, b = socket.socketpair()
    a.settimeout(5)
    b.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n" * 4)
    probe("handshake with a non-TLS peer", ctx.wrap_socket, a, server_hostname="localhost", message=False)
    a.close()
    b.close()
    a, b = socket.socketpair()
    a.settimeout(5)
    b.close()
    probe("handshake with a closed peer", ctx.wrap_socket, a, server_hostname="localhost", message=False)
    a.close()
    a, b = socket.socketpair()
    a.settimeout(0.2)
    probe("handshake timeout", ctx.wrap_socket, a, server_hostname="localhost")
    a.close()
    b.close()
    a, b = socket.socketpair()
    a.setblocking(False)
    probe("handshake non-blocking", ctx.wrap_socket, a, server_hostname="localhost")
    a.close()
    b.close()
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    a, b = socket.socketpair()
    a.settimeout(5)
    b.sendall(b"\x16\x03\x01\x00\x05hello")
    b.close()
    probe("server handshake without a certificate", server.wrap_socket, a, server_side=True, message=False)
    a.close()
    probe("server wrap with server_hostname", lambda: server.wrap_socket(socket.socket(), server_side=True, server_hostname="x"))
    probe("MemoryBIO write str", ssl.MemoryBIO().write, "x")
    probe("MemoryBIO read(-2)", ssl.MemoryBIO().read, -2)
    probe("wrap_bio(1, 2)", ctx.wrap_bio, 1, 2, server_hostname="x")
    probe("get_server_certificate bad addr", ssl.get_server_certificate, "x")


SECTIONS = [construct, addresses, methods, closed, functions, makefiles, selects, tls]

if __name__ == "__main__":
    for section in SECTIONS:
        print("== %s" % section.__name__)
        section()
    print("== end")
