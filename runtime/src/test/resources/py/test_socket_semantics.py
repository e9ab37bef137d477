"""Socket behaviour checks that must give the same result on CPython and on pysock.

Run by SocketSemanticsTest on pysock (and on CPython `python3` when it is installed): the
expected values are CPython's, so a difference shows up as a failing test on one side.
Loopback only; every wait is bounded.
"""
import errno
import fcntl
import os
import socket
import stat
import sys
import threading
import time
import unittest

HOST = "127.0.0.1"


def listener():
    s = socket.socket()
    s.bind((HOST, 0))
    s.listen(5)
    return s


def connected_pair():
    srv = listener()
    c = socket.create_connection(srv.getsockname(), timeout=5)
    a, _ = srv.accept()
    srv.close()
    return c, a


class Addresses(unittest.TestCase):
    def test_bind_port_zero_gives_real_port_before_listen(self):
        with socket.socket() as s:
            s.bind((HOST, 0))
            host, port = s.getsockname()
            self.assertEqual(host, HOST)
            self.assertGreater(port, 0)

    def test_unbound_getsockname(self):
        with socket.socket() as s:
            self.assertEqual(s.getsockname(), ("0.0.0.0", 0))

    def test_accept_addresses(self):
        with listener() as srv:
            with socket.create_connection(srv.getsockname(), timeout=5) as c:
                a, addr = srv.accept()
                with a:
                    self.assertEqual(addr, c.getsockname())
                    self.assertEqual(a.getpeername(), c.getsockname())
                    self.assertIsInstance(a.family, socket.AddressFamily)
                    self.assertEqual(a.family, socket.AF_INET)
                    self.assertEqual(a.type, socket.SOCK_STREAM)

    def test_gethostname_resolves(self):
        self.assertIsInstance(socket.gethostname(), str)
        self.assertEqual(socket.gethostbyname("127.0.0.1"), "127.0.0.1")
        self.assertEqual(socket.gethostbyname("localhost"), "127.0.0.1")


class Errors(unittest.TestCase):
    def test_connection_refused(self):
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        with socket.socket() as s:
            with self.assertRaises(ConnectionRefusedError) as cm:
                s.connect((HOST, port))
            self.assertEqual(cm.exception.errno, errno.ECONNREFUSED)
        with socket.socket() as s:
            self.assertEqual(s.connect_ex((HOST, port)), errno.ECONNREFUSED)

    def test_address_in_use(self):
        with listener() as srv, socket.socket() as s:
            with self.assertRaises(OSError) as cm:
                s.bind(srv.getsockname())
            self.assertEqual(cm.exception.errno, errno.EADDRINUSE)

    def test_not_connected(self):
        with socket.socket() as s:
            for call in (lambda: s.recv(1), s.getpeername):
                with self.assertRaises(OSError) as cm:
                    call()
                self.assertEqual(cm.exception.errno, errno.ENOTCONN)
            with self.assertRaises(BrokenPipeError):
                s.send(b"x")

    def test_closed_socket(self):
        s = socket.socket()
        s.close()
        self.assertEqual(s.fileno(), -1)
        with self.assertRaises(OSError) as cm:
            s.recv(1)
        self.assertEqual(cm.exception.errno, errno.EBADF)
        s.close()  # twice is fine

    def test_bad_arguments(self):
        with socket.socket() as s:
            with self.assertRaisesRegex(OverflowError, "port must be 0-65535"):
                s.bind((HOST, 70000))
            with self.assertRaisesRegex(TypeError, "AF_INET address must be tuple, not str"):
                s.bind("x")
            with self.assertRaisesRegex(TypeError, "a pair"):
                s.connect((HOST,))
            with self.assertRaises(TypeError):
                s.connect((HOST, "x"))
            with self.assertRaisesRegex(ValueError, "negative buffersize"):
                s.recv(-1)
            with self.assertRaisesRegex(TypeError, "bytes-like object is required, not 'str'"):
                s.send("text")
            with self.assertRaisesRegex(ValueError, "Timeout value out of range"):
                s.settimeout(-1)
            with self.assertRaises(TypeError):
                s.recv_into(b"readonly")
        with self.assertRaises(OSError) as cm:
            socket.socket(99)
        self.assertEqual(cm.exception.errno, errno.EAFNOSUPPORT)

    def test_getaddrinfo_protocol_picks_the_type(self):
        rows = lambda proto: [(r[1], r[2]) for r in socket.getaddrinfo("127.0.0.1", 80, proto=proto)]
        self.assertEqual(rows(socket.IPPROTO_TCP), [(socket.SOCK_STREAM, socket.IPPROTO_TCP)])
        self.assertEqual(rows(socket.IPPROTO_UDP), [(socket.SOCK_DGRAM, socket.IPPROTO_UDP)])
        self.assertEqual(len(rows(0)), 3)

    def test_sendto_argument_count(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            with self.assertRaises(TypeError) as cm:
                s.sendto(b"foo")
            self.assertIn("(1 given)", str(cm.exception))
            with self.assertRaises(TypeError) as cm:
                s.sendto(b"foo", 0, (HOST, 9), 4)
            self.assertIn("(4 given)", str(cm.exception))

    def test_unknown_option(self):
        with socket.socket() as s:
            with self.assertRaises(OSError) as cm:
                s.setsockopt(socket.SOL_SOCKET, 999, 1)
            self.assertEqual(cm.exception.errno, errno.ENOPROTOOPT)

    def test_module_function_errors(self):
        with self.assertRaisesRegex(OverflowError, "htons"):
            socket.htons(70000)
        with self.assertRaisesRegex(OSError, "illegal IP address string passed to inet_aton"):
            socket.inet_aton("x")
        with self.assertRaisesRegex(OSError, "service/proto not found"):
            socket.getservbyname("no-such-service")
        with self.assertRaisesRegex(OSError, "Int or String expected"):
            socket.getaddrinfo(HOST, 1.5)


class Data(unittest.TestCase):
    def test_round_trip_and_fin(self):
        c, a = connected_pair()
        with c, a:
            c.sendall(b"hello")
            self.assertEqual(a.recv(1024), b"hello")
            c.shutdown(socket.SHUT_WR)
            self.assertEqual(a.recv(1024), b"")
            a.sendall(b"still open")
            self.assertEqual(c.recv(1024), b"still open")

    def test_bulk_sendall_recv_into(self):
        c, a = connected_pair()
        payload = bytes(range(256)) * 4096  # 1 MiB
        got = bytearray()
        with c, a:
            t = threading.Thread(target=lambda: (c.sendall(payload), c.shutdown(socket.SHUT_WR)))
            t.start()
            buf = bytearray(65536)
            view = memoryview(buf)
            for _ in range(100000):
                n = a.recv_into(view)
                if not n:
                    break
                got += view[:n]
            t.join(10)
        self.assertEqual(bytes(got), payload)

    def test_makefile_lines(self):
        c, a = connected_pair()
        with c, a:
            c.sendall(b"one\ntwo\n")
            c.shutdown(socket.SHUT_WR)
            with a.makefile("rb") as f:
                self.assertEqual(f.readline(), b"one\n")
                self.assertEqual(f.read(), b"two\n")

    def test_peek_and_dontwait(self):
        c, a = connected_pair()
        with c, a:
            with self.assertRaises(BlockingIOError):
                a.recv(10, socket.MSG_DONTWAIT)
            c.sendall(b"abc")
            a.settimeout(5)
            self.assertEqual(a.recv(10, socket.MSG_PEEK), b"abc")
            self.assertEqual(a.recv(10), b"abc")

    def test_oobinline(self):
        # asyncore/asynchat servers (ftplib's test server) set it on every connection
        with socket.create_server((HOST, 0)) as srv:
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 1)
            self.assertEqual(srv.getsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE), 1)
            with socket.create_connection(srv.getsockname()) as c:
                a, _ = srv.accept()
                with a:
                    self.assertEqual(a.getsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE), 1)  # inherited
                    a.settimeout(5)
                    c.sendall(b"ab")
                    c.send(b"!", socket.MSG_OOB)
                    c.sendall(b"cd")
                    c.shutdown(socket.SHUT_WR)
                    got = b""
                    for _ in range(10):
                        d = a.recv(10)
                        if not d:
                            break
                        got += d
                    self.assertEqual(got, b"ab!cd")  # the urgent byte stays in the stream
                    a.setsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE, 0)
                    self.assertEqual(a.getsockopt(socket.SOL_SOCKET, socket.SO_OOBINLINE), 0)

    def test_memoryview_send(self):
        c, a = connected_pair()
        with c, a:
            c.sendall(memoryview(b"xyz")[1:])
            self.assertEqual(a.recv(10), b"yz")

    def test_udp(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as r, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as w:
            r.bind((HOST, 0))
            r.settimeout(5)
            w.sendto(b"datagram", r.getsockname())
            data, addr = r.recvfrom(100)
            self.assertEqual(data, b"datagram")
            self.assertEqual(addr[1], w.getsockname()[1])

    def test_socketpair(self):
        a, b = socket.socketpair()
        with a, b:
            self.assertEqual(a.family, socket.AF_UNIX)
            a.sendall(b"pair")
            self.assertEqual(b.recv(10), b"pair")


class Timeouts(unittest.TestCase):
    def test_recv_timeout(self):
        c, a = connected_pair()
        with c, a:
            a.settimeout(0.2)
            start = time.monotonic()
            with self.assertRaises(socket.timeout) as cm:
                a.recv(1)
            self.assertEqual(str(cm.exception), "timed out")
            self.assertGreaterEqual(time.monotonic() - start, 0.15)

    def test_nonblocking(self):
        c, a = connected_pair()
        with c, a:
            a.setblocking(False)
            self.assertFalse(a.getblocking())
            self.assertEqual(a.gettimeout(), 0.0)
            with self.assertRaises(BlockingIOError) as cm:
                a.recv(1)
            self.assertEqual(cm.exception.errno, errno.EAGAIN)

    def test_default_timeout(self):
        socket.setdefaulttimeout(2.5)
        try:
            with socket.socket() as s:
                self.assertEqual(s.gettimeout(), 2.5)
        finally:
            socket.setdefaulttimeout(None)


class Options(unittest.TestCase):
    def test_options_set_before_connect_are_kept(self):
        with listener() as srv, socket.socket() as c:
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            c.connect(srv.getsockname())
            self.assertEqual(c.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), 1)
            self.assertEqual(c.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), 1)
            srv.accept()[0].close()

    def test_reuseaddr_and_type(self):
        with socket.socket() as s:
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 0)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 1)
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), socket.SOCK_STREAM)


class ModuleFunctions(unittest.TestCase):
    def test_byte_order(self):
        self.assertEqual(socket.htons(1), 256)
        self.assertEqual(socket.ntohl(1), 16777216)
        self.assertEqual(socket.htonl(0x01020304), 0x04030201)

    def test_inet(self):
        self.assertEqual(socket.inet_aton("127.1"), b"\x7f\x00\x00\x01")
        self.assertEqual(socket.inet_ntoa(b"\x7f\x00\x00\x01"), "127.0.0.1")
        self.assertEqual(socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, "::1")), "::1")

    def test_getaddrinfo(self):
        rows = socket.getaddrinfo("127.0.0.1", "http", type=socket.SOCK_STREAM)
        self.assertEqual(rows, [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))])

    def test_getaddrinfo_service_name_only_where_listed(self):
        # /etc/services lists http for tcp only: glibc gives no datagram row, no raw row
        rows = socket.getaddrinfo("127.0.0.1", "http")
        self.assertEqual(rows, [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))])
        with self.assertRaises(socket.gaierror) as e:
            socket.getaddrinfo("127.0.0.1", "http", type=socket.SOCK_DGRAM)
        self.assertEqual(e.exception.errno, socket.EAI_SERVICE)

    def test_getaddrinfo_port_unencodable(self):
        self.assertRaises(UnicodeEncodeError, socket.getaddrinfo, "127.0.0.1", "\uD800")

    def test_services(self):
        self.assertEqual(socket.getservbyname("http", "tcp"), 80)
        self.assertEqual(socket.getprotobyname("tcp"), 6)

    def test_getnameinfo(self):
        self.assertEqual(socket.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV),
                         ("127.0.0.1", "80"))


class Messages(unittest.TestCase):
    """sendmsg/recvmsg/recvmsg_into without ancillary data (gathered and scattered buffers)."""

    def test_stream_gather_and_scatter(self):
        c, a = connected_pair()
        with c, a:
            a.settimeout(5)
            self.assertEqual(c.sendmsg([b"ab", bytearray(b"cd"), memoryview(b"ef")]), 6)
            got = b""
            while len(got) < 6:
                data, anc, flags, addr = a.recvmsg(6 - len(got))
                self.assertEqual((anc, flags, addr), ([], 0, None))
                got += data
            self.assertEqual(got, b"abcdef")
            c.sendall(b"xyz")
            first, second = bytearray(1), bytearray(4)
            n = 0
            while n < 3:
                m, anc, flags, _ = a.recvmsg_into([first, second] if n == 0 else [memoryview(second)[n - 1:]])
                n += m
            self.assertEqual(bytes(first) + bytes(second[:2]), b"xyz")

    def test_datagram_address_and_truncation(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as r, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as w:
            r.bind((HOST, 0))
            r.settimeout(5)
            w.bind((HOST, 0))
            w.sendmsg([b"hello", b"world"], [], 0, r.getsockname())
            data, anc, flags, addr = r.recvmsg(4)
            self.assertEqual((data, anc, addr), (b"hell", [], w.getsockname()))
            self.assertTrue(flags & socket.MSG_TRUNC)
            w.sendto(b"ok", r.getsockname())
            data, anc, flags, addr = r.recvmsg(10)
            self.assertEqual((data, flags & socket.MSG_TRUNC), (b"ok", 0))

    def test_bad_arguments(self):
        c, a = connected_pair()
        with c, a:
            self.assertRaises(TypeError, c.sendmsg, [b"a", "text"])
            self.assertRaises(TypeError, c.sendmsg, b"abc", [object()])
            self.assertRaises(ValueError, a.recvmsg, -1)
            self.assertRaises(ValueError, a.recvmsg, 10, -1)
            self.assertRaises(TypeError, a.recvmsg_into, [b"read-only"])


class IPv6Only(unittest.TestCase):
    def test_v6only_kept_and_server_on_v6_loopback(self):
        with socket.socket(socket.AF_INET6) as s:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            self.assertEqual(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY), 1)
        with socket.create_server(("::1", 0), family=socket.AF_INET6) as srv:
            with socket.create_connection(srv.getsockname()[:2], timeout=5) as c:
                a, _ = srv.accept()
                with a:
                    c.sendall(b"v6")
                    a.settimeout(5)
                    self.assertEqual(a.recv(2), b"v6")


class Peek(unittest.TestCase):
    def test_longer_peek_after_shorter_one_sees_everything_that_arrived(self):
        c, a = connected_pair()
        with c, a:
            a.settimeout(5)
            c.sendall(b"01234")
            self.assertEqual(a.recv(3, socket.MSG_PEEK), b"012")
            c.sendall(b"56789")
            got = b""
            deadline = time.monotonic() + 5
            while len(got) < 10 and time.monotonic() < deadline:
                got = a.recv(10, socket.MSG_PEEK)  # grows as the second part arrives
            self.assertEqual(got, b"0123456789")
            self.assertEqual(a.recv(10), b"0123456789")


class Descriptors(unittest.TestCase):
    """Descriptor-level calls on a socket's number: fcntl, os.dup/dup2/close, the inheritable flag."""

    def getfl(self, s):
        return fcntl.fcntl(s, fcntl.F_GETFL)

    def test_fcntl_constants_are_linux(self):
        self.assertEqual((fcntl.F_GETFD, fcntl.F_SETFD, fcntl.F_GETFL, fcntl.F_SETFL, fcntl.FD_CLOEXEC),
                         (1, 2, 3, 4, 1))

    def test_o_nonblock_follows_the_timeout(self):
        with socket.socket() as s:
            self.assertEqual(self.getfl(s), os.O_RDWR)
            for timeout, nonblock in ((0.0, True), (None, False), (2.0, True), (None, False)):
                s.settimeout(timeout)
                self.assertEqual(bool(self.getfl(s.fileno()) & os.O_NONBLOCK), nonblock, timeout)
                self.assertEqual(os.get_blocking(s.fileno()), not nonblock)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK) as s:
            self.assertEqual(self.getfl(s), os.O_RDWR | os.O_NONBLOCK)

    def test_setfl_nonblock_behind_a_blocking_socket(self):
        a, b = socket.socketpair()
        with a, b:
            fcntl.fcntl(a, fcntl.F_SETFL, self.getfl(a) | os.O_NONBLOCK)
            # the socket object keeps its mode, the descriptor does not wait any more
            self.assertIsNone(a.gettimeout())
            self.assertTrue(a.getblocking())
            self.assertFalse(os.get_blocking(a.fileno()))
            self.assertRaises(BlockingIOError, a.recv, 1)
            os.set_blocking(a.fileno(), True)
            self.assertEqual(self.getfl(a) & os.O_NONBLOCK, 0)
            b.send(b"x")
            self.assertEqual(a.recv(1), b"x")

    def test_setfl_clearing_o_nonblock_makes_a_nonblocking_socket_wait(self):
        a, b = socket.socketpair()
        with a, b:
            a.setblocking(False)
            fcntl.fcntl(a, fcntl.F_SETFL, self.getfl(a) & ~os.O_NONBLOCK)
            self.assertEqual(a.gettimeout(), 0.0)
            # CPython's recv on a timeout-0 socket calls the kernel without polling: it now waits
            sender = threading.Timer(0.2, b.send, (b"x",))
            sender.start()
            try:
                self.assertEqual(a.recv(1), b"x")
            finally:
                sender.join(5)

    def test_setfl_keeps_o_append(self):
        with socket.socket() as s:
            self.assertEqual(fcntl.fcntl(s, fcntl.F_SETFL, os.O_NONBLOCK | os.O_APPEND | os.O_WRONLY), 0)
            self.assertEqual(self.getfl(s), os.O_RDWR | os.O_NONBLOCK | os.O_APPEND)

    def test_fd_cloexec_is_the_inheritable_flag(self):
        with socket.socket() as s:
            self.assertEqual(fcntl.fcntl(s, fcntl.F_GETFD), fcntl.FD_CLOEXEC)
            s.set_inheritable(True)
            self.assertEqual(fcntl.fcntl(s, fcntl.F_GETFD), 0)
            self.assertTrue(os.get_inheritable(s.fileno()))
            self.assertEqual(fcntl.fcntl(s, fcntl.F_SETFD, 7), 0)
            self.assertEqual(fcntl.fcntl(s, fcntl.F_GETFD), fcntl.FD_CLOEXEC)
            self.assertFalse(s.get_inheritable())

    def test_fcntl_errors(self):
        s = socket.socket()
        fd = s.fileno()
        s.close()
        with self.assertRaises(OSError) as cm:
            fcntl.fcntl(fd, fcntl.F_GETFL)
        self.assertEqual(cm.exception.errno, errno.EBADF)
        self.assertRaises(ValueError, fcntl.fcntl, -1, fcntl.F_GETFL)
        self.assertRaises(TypeError, fcntl.fcntl, "3", fcntl.F_GETFL)
        with socket.socket() as s:
            with self.assertRaises(OSError) as cm:
                fcntl.fcntl(s, 12345)
            self.assertEqual(cm.exception.errno, errno.EINVAL)

    def test_dup_shares_the_status_flags_not_fd_cloexec(self):
        with socket.socket() as s:
            d = os.dup(s.fileno())
            try:
                self.assertFalse(os.get_inheritable(d))
                os.set_inheritable(d, True)
                self.assertFalse(s.get_inheritable())
                s.setblocking(False)
                self.assertTrue(self.getfl(d) & os.O_NONBLOCK)
            finally:
                os.close(d)
            self.assertEqual(self.getfl(s) & os.O_NONBLOCK, os.O_NONBLOCK)

    def test_socket_from_fileno_keeps_o_nonblock_without_default_timeout(self):
        a, b = socket.socketpair()
        with a, b:
            a.setblocking(False)
            c = socket.socket(fileno=os.dup(a.fileno()))
            with c:
                self.assertIsNone(c.gettimeout())
                self.assertTrue(self.getfl(a) & os.O_NONBLOCK)
                self.assertRaises(BlockingIOError, c.recv, 1)

    def test_dup2_onto_a_socket_number(self):
        old, old_peer = socket.socketpair()
        new, new_peer = socket.socketpair()
        with old_peer, new, new_peer:
            fd = old.fileno()
            self.assertEqual(os.dup2(new.fileno(), fd), fd)
            # the old connection lost its last descriptor: its peer reads EOF
            old_peer.settimeout(5)
            self.assertEqual(old_peer.recv(1), b"")
            self.assertTrue(os.get_inheritable(fd))
            self.assertEqual(os.dup2(new.fileno(), fd, inheritable=False), fd)
            self.assertFalse(os.get_inheritable(fd))
            # fd now names the new socket; closing it leaves new's own number working
            via = socket.socket(fileno=os.dup(fd))
            with via:
                new_peer.send(b"a")
                self.assertEqual(via.recv(1), b"a")
            os.close(fd)
            new_peer.send(b"b")
            self.assertEqual(new.recv(1), b"b")
            with self.assertRaises(OSError) as cm:
                os.close(fd)
            self.assertEqual(cm.exception.errno, errno.EBADF)
        old.detach()  # its number was closed above

    def test_dup2_errors(self):
        with socket.socket() as s:
            self.assertEqual(os.dup2(s.fileno(), s.fileno()), s.fileno())
            with self.assertRaises(OSError) as cm:
                os.dup2(s.fileno(), -1)
            self.assertEqual(cm.exception.errno, errno.EBADF)
            t = socket.socket()
            fd = t.fileno()
            t.close()
            with self.assertRaises(OSError) as cm:
                os.dup2(fd, s.fileno())
            self.assertEqual(cm.exception.errno, errno.EBADF)

    def test_os_read_and_write_on_a_socket_number(self):
        a, b = socket.socketpair()
        with a, b:
            self.assertEqual(os.write(a.fileno(), b"abc"), 3)
            b.settimeout(5)
            self.assertEqual(b.recv(3), b"abc")
            b.send(b"xy")
            self.assertEqual(os.read(a.fileno(), 10), b"xy")
            # a timeout sets O_NONBLOCK on the descriptor, and os.read does not wait for it
            a.settimeout(5)
            self.assertRaises(BlockingIOError, os.read, a.fileno(), 1)
            b.close()
            self.assertEqual(os.read(a.fileno(), 10), b"")

    def test_fstat_says_socket(self):
        with socket.socket() as s:
            self.assertTrue(stat.S_ISSOCK(os.fstat(s.fileno()).st_mode))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
