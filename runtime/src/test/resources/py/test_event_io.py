"""Event-driven I/O checks (issue 3) that must give the same result on CPython and on pysock.

select.select, select.poll, select.epoll, selectors, non-blocking sockets, socketserver and
asyncio, on pysock's Java sockets. Run by EventIoTest on pysock (and on CPython `python3` when it
is installed): the expected values are CPython's (Linux), so a difference shows up as a failing
test on one side. Also runs directly: python3 -m unittest -v test_event_io.py

Loopback (127.0.0.1) and temporary directories only; every wait is bounded (a timeout on each
select/poll/recv/join, asyncio steps under wait_for), and every socket is closed.
"""
import asyncio
import errno
import os
import select
import selectors
import shutil
import socket
import socketserver
import stat
import sys
import tempfile
import threading
import time
import unittest

HOST = "127.0.0.1"
WAIT = 5.0  # seconds: the bound on any wait that should end at once
# pysock installs its own _socket (pylib/pysock/_socket.py); CPython's is the C module.
ON_PYSOCK = getattr(socket._socket, "__name__", "") == "pysock._socket"
WATCHDOG = 60.0  # a test still running after this long says so on stderr


# ---------------------------------------------------------------------------------------------
# helpers

def listener(backlog=5):
    s = socket.socket()
    s.bind((HOST, 0))
    s.listen(backlog)
    return s


def connected_pair():
    """(client, accepted) TCP sockets on loopback, both blocking."""
    with listener() as srv:
        c = socket.create_connection(srv.getsockname(), timeout=WAIT)
        c.settimeout(None)
        srv.settimeout(WAIT)
        a, _ = srv.accept()
        a.settimeout(None)
    return c, a


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bounded(fn, *args, limit=WAIT):
    """Runs fn(*args) in a daemon thread; returns its result, or fails if it takes over limit."""
    box = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as e:  # handed back to the test
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(limit)
    if t.is_alive():
        raise AssertionError("%s did not return within %.1f s" % (getattr(fn, "__name__", fn), limit))
    if "error" in box:
        raise box["error"]
    return box["result"]


def close_quietly(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def wait_until(predicate, limit=WAIT, step=0.01):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def await_readable(sock, limit=WAIT):
    r, _, _ = select.select([sock], [], [], limit)
    if not r:
        raise AssertionError("socket not readable within %.1f s" % limit)


def recv_exactly(sock, n, limit=WAIT):
    sock.settimeout(limit)
    chunks, got = [], 0
    while got < n:
        data = sock.recv(min(65536, n - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def run_async(coro, limit=20.0):
    return asyncio.run(asyncio.wait_for(coro, limit))


class Bounded(unittest.TestCase):
    """Base: a test running past WATCHDOG seconds names itself on stderr (then the runner's limit applies)."""

    def setUp(self):
        self._watchdog = threading.Timer(
            WATCHDOG, lambda: print("\n*** %s still running after %d s" % (self.id(), WATCHDOG),
                                   file=sys.__stderr__, flush=True))
        self._watchdog.daemon = True
        self._watchdog.start()
        self.addCleanup(self._watchdog.cancel)

    def pair(self):
        c, a = connected_pair()
        self.addCleanup(c.close)
        self.addCleanup(a.close)
        return c, a

    def tempdir(self):
        d = tempfile.mkdtemp(prefix="pysock-evio-")
        self.addCleanup(shutil.rmtree, d, True)
        return d


class Wrapper:
    """An object with a fileno() method, as select() and selectors accept."""

    def __init__(self, sock):
        self.sock = sock

    def fileno(self):
        return self.sock.fileno()


# ---------------------------------------------------------------------------------------------
# select.select

class Select(Bounded):
    def test_list_read_in_place_while_fileno_shortens_it(self):
        # CPython walks a list argument itself, checking its length before each item
        c, a = self.pair()
        seq = []

        class Shrinks:
            def fileno(self):
                del seq[-1]
                return a.fileno()
        seq[:] = [Shrinks()] * 10
        r, w, x = select.select([], seq, [], WAIT)
        self.assertEqual((len(r), len(w), len(x), len(seq)), (0, 5, 0, 5))

    def test_readable_after_peer_sends(self):
        c, a = self.pair()
        self.assertEqual(select.select([a], [], [], 0), ([], [], []))
        c.sendall(b"ping")
        r, w, x = select.select([a], [], [], WAIT)
        self.assertEqual((r, w, x), ([a], [], []))
        self.assertIs(r[0], a)
        self.assertEqual(a.recv(10), b"ping")
        self.assertEqual(select.select([a], [], [], 0), ([], [], []))

    def test_readable_with_eof_after_peer_close(self):
        c, a = self.pair()
        c.close()
        self.assertEqual(select.select([a], [], [], WAIT)[0], [a])
        self.assertEqual(a.recv(10), b"")
        self.assertEqual(select.select([a], [], [], 0)[0], [a])  # EOF stays readable

    def test_readable_after_peer_shutdown_write(self):
        c, a = self.pair()
        c.shutdown(socket.SHUT_WR)
        self.assertEqual(select.select([a], [], [], WAIT)[0], [a])
        self.assertEqual(a.recv(10), b"")

    def test_writable_when_connected(self):
        c, a = self.pair()
        self.assertEqual(select.select([], [c, a], [], WAIT), ([], [c, a], []))

    def test_same_socket_in_all_lists(self):
        c, a = self.pair()
        c.sendall(b"x")
        await_readable(a)
        self.assertEqual(select.select([a], [a], [a], WAIT), ([a], [a], []))

    def test_except_list_empty_for_ordinary_data(self):
        c, a = self.pair()
        c.sendall(b"ordinary")
        await_readable(a)
        self.assertEqual(select.select([], [], [a, c], 0), ([], [], []))

    def test_listening_socket_readable_when_client_connects(self):
        with listener() as srv:
            self.assertEqual(select.select([srv], [], [], 0), ([], [], []))
            with socket.create_connection(srv.getsockname(), timeout=WAIT):
                self.assertEqual(select.select([srv], [], [], WAIT)[0], [srv])
                conn, _ = srv.accept()
                conn.close()
            self.assertEqual(select.select([srv], [], [], 0)[0], [])

    def test_wakes_when_data_arrives_later(self):
        c, a = self.pair()
        timer = threading.Timer(0.2, c.sendall, (b"late",))
        timer.start()
        self.addCleanup(timer.cancel)
        start = time.monotonic()
        r, _, _ = select.select([a], [], [], WAIT)
        elapsed = time.monotonic() - start
        self.assertEqual(r, [a])
        self.assertGreaterEqual(elapsed, 0.1)
        self.assertLess(elapsed, WAIT)
        timer.join(WAIT)

    def test_timeout_zero_returns_at_once(self):
        c, a = self.pair()
        start = time.monotonic()
        self.assertEqual(select.select([a], [], [a], 0), ([], [], []))
        self.assertEqual(select.select([a], [], [], 0.0), ([], [], []))
        self.assertLess(time.monotonic() - start, 1.0)

    def test_small_timeout_waits_then_returns_empty_lists(self):
        c, a = self.pair()
        for timeout in (0.1, 0.25):
            start = time.monotonic()
            self.assertEqual(select.select([a], [], [a], timeout), ([], [], []))
            elapsed = time.monotonic() - start
            self.assertGreaterEqual(elapsed, timeout * 0.8)
            self.assertLess(elapsed, timeout + 3.0)

    def test_empty_lists_sleep_for_timeout(self):
        start = time.monotonic()
        self.assertEqual(select.select([], [], [], 0.1), ([], [], []))
        self.assertGreaterEqual(time.monotonic() - start, 0.08)

    def test_none_timeout_returns_when_ready(self):
        c, a = self.pair()
        c.sendall(b"ready")
        self.assertEqual(bounded(select.select, [a], [], []), ([a], [], []))
        self.assertEqual(bounded(select.select, [a], [], [], None), ([a], [], []))

    def test_negative_timeout_is_value_error(self):
        c, a = self.pair()
        with self.assertRaisesRegex(ValueError, "timeout must be non-negative"):
            select.select([a], [], [], -1)

    def test_bad_timeout_type(self):
        with self.assertRaisesRegex(TypeError, "timeout must be a float or None"):
            select.select([], [], [], "1")

    def test_closed_socket(self):
        s = socket.socket()
        fd = s.fileno()
        s.close()
        # a closed socket object says fileno() == -1 ...
        with self.assertRaisesRegex(ValueError, "file descriptor cannot be a negative integer"):
            select.select([s], [], [], 0)
        # ... and its old number is no longer an open descriptor.
        with self.assertRaises(OSError) as cm:
            select.select([fd], [], [], 0)
        self.assertEqual(cm.exception.errno, errno.EBADF)

    def test_object_without_fileno(self):
        with self.assertRaisesRegex(TypeError, "argument must be an int, or have a fileno\\(\\) method"):
            select.select(["not a socket"], [], [], 0)
        with self.assertRaises(TypeError):
            select.select(None, [], [], 0)

    def test_fileno_objects_and_ints_in_input_order(self):
        pairs = [self.pair() for _ in range(4)]
        for c, a in pairs[:3]:
            c.sendall(b"x")
        for c, a in pairs[:3]:
            await_readable(a)
        a1, a2, a3, idle = (a for c, a in pairs)
        w = Wrapper(a2)
        inputs = [a3, idle, w, a1.fileno(), a3]
        r, wr, x = select.select(inputs, [], [], WAIT)
        self.assertEqual(len(r), 4, r)
        self.assertIs(r[0], a3)
        self.assertIs(r[1], w)  # the same object comes back, not its fd
        self.assertEqual(r[2], a1.fileno())
        self.assertIsInstance(r[2], int)
        self.assertIs(r[3], a3)  # duplicates are kept, in place
        self.assertEqual((wr, x), ([], []))

    def test_tuples_accepted_lists_returned(self):
        c, a = self.pair()
        c.sendall(b"x")
        await_readable(a)
        r, w, x = select.select((a,), (c,), (), WAIT)
        self.assertEqual((r, w, x), ([a], [c], []))
        self.assertIsInstance(r, list)

    def test_udp_readable_after_datagram(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as r, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as w:
            r.bind((HOST, 0))
            self.assertEqual(select.select([r], [w], [], 0), ([], [w], []))
            w.sendto(b"datagram", r.getsockname())
            self.assertEqual(select.select([r], [], [], WAIT)[0], [r])
            self.assertEqual(r.recvfrom(100)[0], b"datagram")

    def test_socketpair_and_unix(self):
        a, b = socket.socketpair()
        with a, b:
            self.assertEqual(select.select([a, b], [], [], 0)[0], [])
            b.sendall(b"x")
            self.assertEqual(select.select([a, b], [], [], WAIT)[0], [a])


# ---------------------------------------------------------------------------------------------
# select.poll

class Poll(Bounded):
    def test_constants(self):
        self.assertEqual((select.POLLIN, select.POLLPRI, select.POLLOUT, select.POLLERR,
                          select.POLLHUP, select.POLLNVAL), (1, 2, 4, 8, 16, 32))
        self.assertEqual((select.POLLRDNORM, select.POLLRDBAND, select.POLLWRNORM, select.POLLWRBAND),
                         (64, 128, 256, 512))
        self.assertEqual(select.POLLRDHUP, 0x2000)

    def test_default_mask(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a)  # POLLIN | POLLPRI | POLLOUT
        self.assertEqual(p.poll(0), [(a.fileno(), select.POLLOUT)])
        c.sendall(b"x")
        await_readable(a)
        self.assertEqual(p.poll(0), [(a.fileno(), select.POLLIN | select.POLLOUT)])

    def test_register_modify_unregister(self):
        c, a = self.pair()
        p = select.poll()
        p.register(Wrapper(a), select.POLLIN)  # any object with fileno(); results use the int
        self.assertEqual(p.poll(0), [])
        c.sendall(b"x")
        self.assertEqual(p.poll(int(WAIT * 1000)), [(a.fileno(), select.POLLIN)])
        p.modify(a, select.POLLOUT)
        self.assertEqual(p.poll(0), [(a.fileno(), select.POLLOUT)])
        p.register(a.fileno(), select.POLLIN)  # registering again replaces the mask
        self.assertEqual(p.poll(0), [(a.fileno(), select.POLLIN)])
        p.unregister(a)
        self.assertEqual(p.poll(0), [])
        with self.assertRaises(KeyError):
            p.unregister(a)

    def test_unknown_fd_errors(self):
        c, a = self.pair()
        p = select.poll()
        with self.assertRaises(KeyError):
            p.unregister(a)
        with self.assertRaises(FileNotFoundError) as cm:
            p.modify(a, select.POLLIN)
        self.assertEqual(cm.exception.errno, errno.ENOENT)
        with self.assertRaisesRegex(ValueError, "file descriptor cannot be a negative integer"):
            p.register(-1)

    def test_several_fds(self):
        pairs = [self.pair() for _ in range(3)]
        p = select.poll()
        for c, a in pairs:
            p.register(a, select.POLLIN)
        pairs[0][0].sendall(b"x")
        pairs[2][0].sendall(b"y")
        want = sorted([(pairs[0][1].fileno(), select.POLLIN), (pairs[2][1].fileno(), select.POLLIN)])
        self.assertEqual(sorted(wait_until(lambda: len(p.poll(100)) == 2 and p.poll(0))), want)

    def test_mask_and_timeout_range_errors(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a)
        with self.assertRaises(OverflowError):
            p.poll(1 << 64)
        with self.assertRaises(ValueError):
            p.register(a, -1)
        with self.assertRaises(OverflowError):
            p.register(a, 1 << 64)
        with self.assertRaises(ValueError):
            p.modify(a, -1)
        with self.assertRaises(OverflowError):
            p.modify(a, 1 << 16)

    def test_pollnval_for_closed_fd(self):
        a, b = socket.socketpair()
        with b:
            p = select.poll()
            p.register(a, select.POLLIN)
            fd = a.fileno()
            a.close()
            self.assertEqual(p.poll(0), [(fd, select.POLLNVAL)])

    def test_eof_is_pollin(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a, select.POLLIN)
        c.close()
        self.assertEqual(p.poll(int(WAIT * 1000)), [(a.fileno(), select.POLLIN)])
        self.assertEqual(a.recv(1), b"")

    def test_listening_socket(self):
        with listener() as srv:
            p = select.poll()
            p.register(srv, select.POLLIN)
            self.assertEqual(p.poll(0), [])
            with socket.create_connection(srv.getsockname(), timeout=WAIT):
                self.assertEqual(p.poll(int(WAIT * 1000)), [(srv.fileno(), select.POLLIN)])
                srv.accept()[0].close()

    def test_refused_nonblocking_connect_reports_err_and_hup(self):
        port = free_port()
        with socket.socket() as s:
            s.setblocking(False)
            self.assertEqual(s.connect_ex((HOST, port)), errno.EINPROGRESS)
            p = select.poll()
            p.register(s, select.POLLIN | select.POLLOUT)
            events = p.poll(int(WAIT * 1000))
            self.assertEqual(len(events), 1, events)
            fd, ev = events[0]
            self.assertEqual(fd, s.fileno())
            self.assertTrue(ev & select.POLLERR, "no POLLERR in %#x" % ev)
            self.assertTrue(ev & select.POLLHUP, "no POLLHUP in %#x" % ev)
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), errno.ECONNREFUSED)

    def test_millisecond_timeout(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a, select.POLLIN)
        start = time.monotonic()
        self.assertEqual(p.poll(0), [])
        self.assertLess(time.monotonic() - start, 1.0)
        start = time.monotonic()
        self.assertEqual(p.poll(150), [])
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.12)
        self.assertLess(elapsed, 3.0)

    def test_none_and_negative_timeout_with_ready_data(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a, select.POLLIN)
        c.sendall(b"x")
        want = [(a.fileno(), select.POLLIN)]
        self.assertEqual(bounded(p.poll), want)
        self.assertEqual(bounded(p.poll, None), want)
        self.assertEqual(bounded(p.poll, -1), want)

    def test_wakes_when_data_arrives_later(self):
        c, a = self.pair()
        p = select.poll()
        p.register(a, select.POLLIN)
        timer = threading.Timer(0.2, c.sendall, (b"late",))
        timer.start()
        self.addCleanup(timer.cancel)
        start = time.monotonic()
        self.assertEqual(p.poll(int(WAIT * 1000)), [(a.fileno(), select.POLLIN)])
        self.assertGreaterEqual(time.monotonic() - start, 0.1)
        timer.join(WAIT)


# ---------------------------------------------------------------------------------------------
# select.epoll

class Epoll(Bounded):
    def epoll(self):
        ep = select.epoll()
        self.addCleanup(ep.close)
        return ep

    def test_constants(self):
        self.assertEqual((select.EPOLLIN, select.EPOLLPRI, select.EPOLLOUT, select.EPOLLERR,
                          select.EPOLLHUP), (1, 2, 4, 8, 16))
        self.assertEqual(select.EPOLLRDHUP, 0x2000)
        self.assertEqual(select.EPOLLONESHOT, 1 << 30)
        self.assertEqual(select.EPOLLET, 1 << 31)

    def test_fileno_and_closed(self):
        ep = select.epoll()
        self.assertIsInstance(ep.fileno(), int)
        self.assertGreaterEqual(ep.fileno(), 0)
        self.assertFalse(ep.closed)
        ep.close()
        self.assertTrue(ep.closed)
        ep.close()  # twice is fine
        self.assertTrue(ep.closed)

    def test_context_manager(self):
        with select.epoll() as ep:
            self.assertFalse(ep.closed)
        self.assertTrue(ep.closed)

    def test_closed_epoll_is_value_error(self):
        c, a = self.pair()
        ep = select.epoll()
        ep.close()
        for call in (ep.fileno, lambda: ep.poll(0), lambda: ep.register(a),
                     lambda: ep.modify(a, select.EPOLLIN), lambda: ep.unregister(a)):
            with self.assertRaisesRegex(ValueError, "I/O operation on closed epoll object"):
                call()
        with self.assertRaises(ValueError):
            with ep:
                pass

    def test_default_mask_and_readiness(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a)  # EPOLLIN | EPOLLPRI | EPOLLOUT
        self.assertEqual(ep.poll(0), [(a.fileno(), select.EPOLLOUT)])
        c.sendall(b"x")
        await_readable(a)
        self.assertEqual(ep.poll(0), [(a.fileno(), select.EPOLLIN | select.EPOLLOUT)])

    def test_register_twice_is_file_exists(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a, select.EPOLLIN)
        with self.assertRaises(FileExistsError) as cm:
            ep.register(a, select.EPOLLIN)
        self.assertEqual(cm.exception.errno, errno.EEXIST)

    def test_modify_and_unregister_unknown_are_file_not_found(self):
        c, a = self.pair()
        ep = self.epoll()
        with self.assertRaises(FileNotFoundError) as cm:
            ep.modify(a, select.EPOLLIN)
        self.assertEqual(cm.exception.errno, errno.ENOENT)
        with self.assertRaises(FileNotFoundError) as cm:
            ep.unregister(a)
        self.assertEqual(cm.exception.errno, errno.ENOENT)

    def test_register_modify_unregister(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(Wrapper(a), select.EPOLLIN)
        self.assertEqual(ep.poll(0), [])
        c.sendall(b"x")
        self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN)])
        ep.modify(a.fileno(), select.EPOLLOUT)
        self.assertEqual(ep.poll(0), [(a.fileno(), select.EPOLLOUT)])
        ep.unregister(a)
        self.assertEqual(ep.poll(0), [])
        ep.register(a, select.EPOLLIN)  # may come back after unregister
        self.assertEqual(ep.poll(0), [(a.fileno(), select.EPOLLIN)])

    def test_timeout_and_maxevents(self):
        pairs = [self.pair() for _ in range(3)]
        ep = self.epoll()
        for c, a in pairs:
            ep.register(a, select.EPOLLIN)
        start = time.monotonic()
        self.assertEqual(ep.poll(0.15), [])
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.12)
        self.assertLess(elapsed, 3.0)
        for c, a in pairs:
            c.sendall(b"x")
        self.assertTrue(wait_until(lambda: len(ep.poll(0)) == 3), ep.poll(0))
        fds = {a.fileno() for c, a in pairs}
        two = ep.poll(1, 2)
        self.assertEqual(len(two), 2)
        self.assertTrue({fd for fd, ev in two} <= fds)
        self.assertEqual(len(ep.poll(timeout=1, maxevents=1)), 1)
        self.assertEqual(sorted(ep.poll(1, -1)), sorted((fd, select.EPOLLIN) for fd in fds))
        with self.assertRaisesRegex(ValueError, "maxevents must be greater than 0, got 0"):
            ep.poll(0, 0)

    def test_none_and_negative_timeout_with_ready_data(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a, select.EPOLLIN)
        c.sendall(b"x")
        want = [(a.fileno(), select.EPOLLIN)]
        self.assertEqual(bounded(ep.poll), want)
        self.assertEqual(bounded(ep.poll, None), want)
        self.assertEqual(bounded(ep.poll, -1), want)

    def test_wakes_when_data_arrives_later(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a, select.EPOLLIN)
        timer = threading.Timer(0.2, c.sendall, (b"late",))
        timer.start()
        self.addCleanup(timer.cancel)
        start = time.monotonic()
        self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN)])
        self.assertGreaterEqual(time.monotonic() - start, 0.1)
        timer.join(WAIT)

    def test_oneshot(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a, select.EPOLLIN | select.EPOLLONESHOT)
        c.sendall(b"x")
        self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN)])
        # disarmed: the unread data is not reported again ...
        self.assertEqual(ep.poll(0.1), [])
        # ... until modify() re-arms it
        ep.modify(a, select.EPOLLIN | select.EPOLLONESHOT)
        self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN)])
        self.assertEqual(ep.poll(0), [])
        with self.assertRaises(FileExistsError):
            ep.register(a, select.EPOLLIN)  # still registered while disarmed

    def test_eof_and_rdhup(self):
        c, a = self.pair()
        ep = self.epoll()
        ep.register(a, select.EPOLLIN | select.EPOLLRDHUP)
        c.close()
        self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN | select.EPOLLRDHUP)])

    def test_closed_socket_leaves_epoll(self):
        a, b = socket.socketpair()
        with b:
            ep = self.epoll()
            ep.register(a, select.EPOLLIN)
            b.sendall(b"x")
            self.assertEqual(ep.poll(WAIT), [(a.fileno(), select.EPOLLIN)])
            fd = a.fileno()
            a.close()
            self.assertEqual(ep.poll(0), [])
            with self.assertRaises(OSError) as cm:
                ep.unregister(fd)
            self.assertEqual(cm.exception.errno, errno.EBADF)

    def test_listening_socket(self):
        with listener() as srv:
            ep = self.epoll()
            ep.register(srv, select.EPOLLIN)
            self.assertEqual(ep.poll(0), [])
            with socket.create_connection(srv.getsockname(), timeout=WAIT):
                self.assertEqual(ep.poll(WAIT), [(srv.fileno(), select.EPOLLIN)])
                srv.accept()[0].close()


# ---------------------------------------------------------------------------------------------
# selectors

SELECTORS = (selectors.SelectSelector, selectors.PollSelector, selectors.EpollSelector)


class Pipes(Bounded):
    """os.pipe() ends that select, poll, epoll and selectors wait on, read and written with os.*."""

    def pipe(self):
        r, w = os.pipe()
        self.addCleanup(close_quietly, r)
        self.addCleanup(close_quietly, w)
        return r, w

    def test_poll_write_then_read(self):
        r, w = self.pipe()
        p = select.poll()
        p.register(r, select.POLLIN)
        p.register(w, select.POLLOUT)
        self.assertEqual(p.poll(0), [(w, select.POLLOUT)])
        self.assertEqual(os.write(w, b"spam"), 4)
        self.assertEqual(sorted(p.poll(int(WAIT * 1000))), sorted([(r, select.POLLIN), (w, select.POLLOUT)]))
        self.assertEqual(os.read(r, 2), b"sp")
        self.assertEqual(os.read(r, 100), b"am")
        self.assertEqual(p.poll(0), [(w, select.POLLOUT)])

    def test_eof_after_writer_closes(self):
        r, w = self.pipe()
        os.write(w, b"x")
        os.close(w)
        self.assertEqual(select.select([r], [], [], WAIT), ([r], [], []))
        self.assertEqual(os.read(r, 10), b"x")
        p = select.poll()
        p.register(r, select.POLLIN)
        self.assertEqual(p.poll(int(WAIT * 1000)), [(r, select.POLLHUP)])
        self.assertEqual(os.read(r, 10), b"")

    def test_write_without_reader_is_broken_pipe(self):
        r, w = self.pipe()
        os.close(r)
        with self.assertRaises(BrokenPipeError):
            os.write(w, b"x")
        p = select.poll()
        p.register(w, select.POLLOUT)
        self.assertEqual(p.poll(int(WAIT * 1000)), [(w, select.POLLOUT | select.POLLERR)])

    def test_blocking_read_waits_for_a_thread_s_write(self):
        r, w = self.pipe()
        t = threading.Timer(0.1, os.write, (w, b"late"))
        t.start()
        self.addCleanup(t.join)
        self.assertEqual(os.read(r, 10), b"late")

    def test_nonblocking_read_of_empty_pipe(self):
        r, w = self.pipe()
        self.assertTrue(os.get_blocking(r))
        os.set_blocking(r, False)
        self.assertFalse(os.get_blocking(r))
        with self.assertRaises(BlockingIOError):
            os.read(r, 10)

    def test_dup_names_the_same_end(self):
        r, w = self.pipe()
        r2 = os.dup(r)
        self.addCleanup(close_quietly, r2)
        self.assertNotIn(r2, (r, w))
        os.write(w, b"ab")
        self.assertEqual(os.read(r2, 1), b"a")
        os.close(r)  # the end stays open while r2 names it
        self.assertEqual(os.read(r2, 1), b"b")
        self.assertTrue(stat.S_ISFIFO(os.fstat(r2).st_mode))

    def test_epoll_and_selectors(self):
        r, w = self.pipe()
        with select.epoll() as ep:
            ep.register(r, select.EPOLLIN)
            self.assertEqual(ep.poll(0), [])
            os.write(w, b"z")
            self.assertEqual(ep.poll(WAIT), [(r, select.EPOLLIN)])
        with selectors.DefaultSelector() as sel:
            sel.register(r, selectors.EVENT_READ, "data")
            [(key, events)] = sel.select(WAIT)
            self.assertEqual((key.fd, key.data, events), (r, "data", selectors.EVENT_READ))
        self.assertEqual(os.read(r, 10), b"z")

    def test_open_and_fdopen_wrap_the_ends(self):
        r, w = os.pipe()
        fw = os.fdopen(w, "w")
        fr = open(r, "rb")
        self.addCleanup(fr.close)
        fw.write("line\n")
        fw.flush()
        self.assertEqual(select.select([fr], [], [], WAIT)[0], [fr])
        self.assertEqual(fr.readline(), b"line\n")
        fw.close()
        self.assertEqual(fr.read(), b"")
        with self.assertRaises(OSError):
            os.close(w)  # closed with its file object

    def test_closed_descriptors_poll_nval(self):
        r, w = os.pipe()
        os.close(r)
        os.close(w)
        p = select.poll()
        p.register(r)
        self.assertEqual(p.poll(0), [(r, select.POLLNVAL)])
        path = os.path.join(self.tempdir(), "f")
        with open(path, "w") as f:
            fd = f.fileno()
            p = select.poll()
            p.register(f)
            self.assertEqual(p.poll(0), [(fd, select.POLLIN | select.POLLOUT)])
        self.assertEqual(p.poll(0), [(fd, select.POLLNVAL)])

    def test_concurrent_poll_is_runtime_error(self):
        r, w = self.pipe()
        p = select.poll()
        p.register(r, select.POLLIN)
        def poll_in_thread():
            for _ in range(100):  # retried if the main thread's poll(0) held the object
                try:
                    return p.poll(int(WAIT * 1000))
                except RuntimeError:
                    time.sleep(0.01)

        def main_poll_refused():
            try:
                p.poll(0)
                return False
            except RuntimeError:
                return True
        t = threading.Thread(target=poll_in_thread)
        t.start()
        try:
            self.assertTrue(wait_until(main_poll_refused))
        finally:
            os.write(w, b"x")
            t.join(WAIT)
        self.assertFalse(t.is_alive())


class Selectors(Bounded):
    def test_default_selector_is_epoll(self):
        self.assertIs(selectors.DefaultSelector, selectors.EpollSelector)

    def test_register_select_modify_unregister(self):
        R, W = selectors.EVENT_READ, selectors.EVENT_WRITE
        for cls in SELECTORS:
            with self.subTest(cls.__name__):
                c, a = connected_pair()
                with c, a, cls() as sel:
                    key = sel.register(a, R, data="r")
                    self.assertIs(key.fileobj, a)
                    self.assertEqual(key.fd, a.fileno())
                    self.assertIs(sel.get_key(a), key)
                    self.assertEqual(sel.select(0), [])
                    c.sendall(b"x")
                    events = sel.select(WAIT)
                    self.assertEqual(len(events), 1, events)
                    k, ev = events[0]
                    self.assertIs(k.fileobj, a)
                    self.assertEqual((k.data, ev), ("r", R))
                    self.assertEqual(a.recv(1), b"x")

                    key = sel.modify(a, R | W, data="rw")
                    self.assertEqual(key.data, "rw")
                    self.assertEqual([(k.data, ev) for k, ev in sel.select(WAIT)], [("rw", W)])
                    c.sendall(b"y")
                    both = wait_until(lambda: [ev for k, ev in sel.select(0.1) if ev == R | W])
                    self.assertEqual(both, [R | W])

                    sel.unregister(a)
                    self.assertEqual(len(sel.get_map()), 0)
                    self.assertEqual(sel.select(0.05), [])
                    with self.assertRaises(KeyError):
                        sel.unregister(a)
                    with self.assertRaises(KeyError):
                        sel.modify(a, R)
                    sel.register(a, R)
                    with self.assertRaises(KeyError):
                        sel.register(a, R)
                    with self.assertRaises(ValueError):
                        sel.register(c, 0)

    def test_select_timeout(self):
        for cls in SELECTORS:
            with self.subTest(cls.__name__):
                c, a = connected_pair()
                with c, a, cls() as sel:
                    sel.register(a, selectors.EVENT_READ)
                    start = time.monotonic()
                    self.assertEqual(sel.select(0.15), [])
                    self.assertGreaterEqual(time.monotonic() - start, 0.12)

    def test_closed_socket_cannot_register(self):
        for cls in SELECTORS:
            with self.subTest(cls.__name__):
                s = socket.socket()
                s.close()
                with cls() as sel:
                    with self.assertRaisesRegex(ValueError, "Invalid file descriptor: -1"):
                        sel.register(s, selectors.EVENT_READ)

    def test_unregister_after_close(self):
        # selectors allow unregistering a socket that was closed while registered
        for cls in SELECTORS:
            with self.subTest(cls.__name__):
                a, b = socket.socketpair()
                with b, cls() as sel:
                    sel.register(a, selectors.EVENT_READ)
                    a.close()
                    sel.unregister(a)
                    self.assertEqual(len(sel.get_map()), 0)

    def test_many_sockets(self):
        for cls in SELECTORS:
            with self.subTest(cls.__name__):
                pairs = [connected_pair() for _ in range(40)]
                try:
                    with cls() as sel:
                        for i, (c, a) in enumerate(pairs):
                            sel.register(a, selectors.EVENT_READ, data=i)
                        for c, a in pairs[::3]:
                            c.sendall(b"x")
                        want = list(range(0, 40, 3))
                        got = wait_until(lambda: sorted(k.data for k, ev in sel.select(0.1)) == want)
                        self.assertTrue(got, sorted(k.data for k, ev in sel.select(0)))
                finally:
                    for c, a in pairs:
                        c.close()
                        a.close()


# ---------------------------------------------------------------------------------------------
# non-blocking sockets

class NonBlocking(Bounded):
    def test_recv_raises_eagain(self):
        c, a = self.pair()
        a.setblocking(False)
        with self.assertRaises(BlockingIOError) as cm:
            a.recv(10)
        self.assertEqual(cm.exception.errno, errno.EAGAIN)
        c.sendall(b"now")
        await_readable(a)
        self.assertEqual(a.recv(10), b"now")

    def test_accept_raises_eagain(self):
        with listener() as srv:
            srv.setblocking(False)
            with self.assertRaises(BlockingIOError) as cm:
                srv.accept()
            self.assertEqual(cm.exception.errno, errno.EAGAIN)
            with socket.create_connection(srv.getsockname(), timeout=WAIT) as c:
                await_readable(srv)
                conn, addr = srv.accept()
                with conn:
                    self.assertEqual(addr, c.getsockname())
                    # accepted sockets are blocking whatever the listener is (Linux, no timeout set)
                    self.assertTrue(conn.getblocking())

    def test_send_until_full_then_writable_after_peer_reads(self):
        c, a = self.pair()
        c.setblocking(False)
        chunk = b"z" * 65536
        sent = 0
        with self.assertRaises(BlockingIOError) as cm:
            for _ in range(4000):  # 256 MiB at most; loopback buffers are a few MiB
                sent += c.send(chunk)
        self.assertEqual(cm.exception.errno, errno.EAGAIN)
        self.assertGreater(sent, 0)
        self.assertEqual(select.select([], [c], [], 0), ([], [], []))
        self.assertEqual(len(recv_exactly(a, sent)), sent)
        self.assertEqual(select.select([], [c], [], WAIT)[1], [c])

    def test_connect_in_progress_then_writable(self):
        with listener() as srv, socket.socket() as s:
            s.setblocking(False)
            with self.assertRaises(BlockingIOError) as cm:
                s.connect(srv.getsockname())
            self.assertEqual(cm.exception.errno, errno.EINPROGRESS)
            self.assertEqual(select.select([], [s], [], WAIT)[1], [s])
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0)
            self.assertEqual(s.getpeername(), srv.getsockname())
            srv.settimeout(WAIT)
            conn, _ = srv.accept()
            with conn:
                s.sendall(b"connected")
                self.assertEqual(recv_exactly(conn, 9), b"connected")

    def test_connect_ex_returns_einprogress(self):
        with listener() as srv, socket.socket() as s:
            s.setblocking(False)
            self.assertEqual(s.connect_ex(srv.getsockname()), errno.EINPROGRESS)
            self.assertEqual(select.select([], [s], [], WAIT)[1], [s])
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0)

    def test_refused_connect_gives_so_error(self):
        port = free_port()
        with socket.socket() as s:
            s.setblocking(False)
            with self.assertRaises(BlockingIOError) as cm:
                s.connect((HOST, port))
            self.assertEqual(cm.exception.errno, errno.EINPROGRESS)
            self.assertEqual(select.select([], [s], [], WAIT)[1], [s])
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), errno.ECONNREFUSED)
            self.assertEqual(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0)  # reading clears it

    def test_connect_timeout_against_full_backlog(self):
        srv = socket.socket()
        srv.bind((HOST, 0))
        srv.listen(0)
        addr = srv.getsockname()
        fillers = []
        try:
            saturated = False
            for _ in range(300):
                f = socket.socket()
                fillers.append(f)
                f.setblocking(False)
                f.connect_ex(addr)
                if not select.select([], [f], [], 0.3)[1]:
                    saturated = True  # this SYN was dropped: the accept queue is full
                    break
            if not saturated:
                self.skipTest("could not fill the listen backlog on loopback")
            with socket.socket() as s:
                s.settimeout(0.5)
                start = time.monotonic()
                with self.assertRaises(socket.timeout) as cm:
                    s.connect(addr)
                elapsed = time.monotonic() - start
                self.assertEqual(str(cm.exception), "timed out")
                self.assertGreaterEqual(elapsed, 0.4)
                self.assertLess(elapsed, WAIT)
            start = time.monotonic()
            with self.assertRaises(TimeoutError):
                socket.create_connection(addr, timeout=0.3)
            self.assertLess(time.monotonic() - start, WAIT)
        finally:
            for f in fillers:
                f.close()
            srv.close()

    def test_settimeout_zero_is_nonblocking(self):
        c, a = self.pair()
        a.settimeout(0.0)
        self.assertFalse(a.getblocking())
        with self.assertRaises(BlockingIOError):
            a.recv(1)
        a.setblocking(True)
        self.assertIsNone(a.gettimeout())


# ---------------------------------------------------------------------------------------------
# socketserver

class EchoStream(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


class EchoDatagram(socketserver.DatagramRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.read().upper())


class Serving:
    """serve_forever() in a thread; leaving the block shuts down (bounded) and closes the server."""

    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.server

    def __exit__(self, *exc):
        try:
            bounded(self.server.shutdown, limit=WAIT)
            self.thread.join(WAIT)
            if self.thread.is_alive():
                raise AssertionError("serve_forever() still running after shutdown()")
        finally:
            self.server.server_close()
        return False


def stream_round_trip(family, address, lines):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(WAIT)
        s.connect(address)
        with s.makefile("rwb") as f:
            out = []
            for line in lines:
                f.write(line)
                f.flush()
                out.append(f.readline())
            return out


def datagram_round_trip(address, payload):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(WAIT)
        s.sendto(payload, address)
        return s.recvfrom(1024)


class SocketServers(Bounded):
    def test_tcp_server(self):
        server = socketserver.TCPServer((HOST, 0), EchoStream)
        host, port = server.server_address
        self.assertEqual(host, HOST)
        self.assertNotEqual(port, 0)
        self.assertEqual(server.socket.getsockname(), (host, port))
        with Serving(server):
            self.assertEqual(stream_round_trip(socket.AF_INET, (host, port), [b"one\n", b"two\n"]),
                             [b"one\n", b"two\n"])
            self.assertEqual(stream_round_trip(socket.AF_INET, (host, port), [b"again\n"]), [b"again\n"])
        self.assertEqual(server.socket.fileno(), -1)
        with socket.socket() as s:
            with self.assertRaises(ConnectionRefusedError):
                s.connect((host, port))

    def test_udp_server(self):
        server = socketserver.UDPServer((HOST, 0), EchoDatagram)
        self.assertNotEqual(server.server_address[1], 0)
        with Serving(server):
            data, addr = datagram_round_trip(server.server_address, b"datagram")
            self.assertEqual((data, addr), (b"DATAGRAM", server.server_address))

    def test_threading_tcp_server_serves_clients_concurrently(self):
        barrier = threading.Barrier(3, timeout=WAIT)
        threads = set()

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                threads.add(threading.current_thread().name)
                barrier.wait()  # only passes if three handlers run at the same time
                self.wfile.write(self.rfile.readline().upper())

        server = socketserver.ThreadingTCPServer((HOST, 0), Handler)
        self.assertTrue(server.block_on_close)
        results = [None] * 3

        def client(i):
            results[i] = stream_round_trip(socket.AF_INET, server.server_address, [b"client %d\n" % i])

        with Serving(server):
            clients = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(3)]
            for t in clients:
                t.start()
            for t in clients:
                t.join(WAIT * 2)
        self.assertEqual(results, [[b"CLIENT %d\n" % i] for i in range(3)])
        self.assertEqual(len(threads), 3)

    def test_threading_udp_server(self):
        server = socketserver.ThreadingUDPServer((HOST, 0), EchoDatagram)
        with Serving(server):
            for i in range(3):
                data, _ = datagram_round_trip(server.server_address, b"packet %d" % i)
                self.assertEqual(data, b"PACKET %d" % i)

    def test_unix_stream_server(self):
        for cls in (socketserver.UnixStreamServer, socketserver.ThreadingUnixStreamServer):
            with self.subTest(cls.__name__):
                path = os.path.join(self.tempdir(), "echo.sock")
                server = cls(path, EchoStream)
                self.assertEqual(server.server_address, path)
                self.assertEqual(server.socket.family, socket.AF_UNIX)
                with Serving(server):
                    self.assertEqual(stream_round_trip(socket.AF_UNIX, path, [b"unix\n"]), [b"unix\n"])

    def test_handle_request_times_out(self):
        timeouts = []

        class Server(socketserver.TCPServer):
            timeout = 0.1

            def handle_timeout(self):
                timeouts.append(time.monotonic())

        with Server((HOST, 0), EchoStream) as server:
            start = time.monotonic()
            server.handle_request()
            self.assertEqual(len(timeouts), 1)
            self.assertGreaterEqual(timeouts[0] - start, 0.08)

    def test_handle_request_serves_one_client(self):
        with socketserver.TCPServer((HOST, 0), EchoStream) as server:
            server.timeout = WAIT
            result = []
            t = threading.Thread(target=lambda: result.append(
                stream_round_trip(socket.AF_INET, server.server_address, [b"once\n"])), daemon=True)
            t.start()
            server.handle_request()
            t.join(WAIT)
            self.assertEqual(result, [[b"once\n"]])

    def test_restart_on_same_port_with_reuse_address(self):
        class Server(socketserver.TCPServer):
            allow_reuse_address = True

        server = Server((HOST, 0), EchoStream)
        address = server.server_address
        with Serving(server):
            self.assertEqual(stream_round_trip(socket.AF_INET, address, [b"first\n"]), [b"first\n"])
        server = Server(address, EchoStream)  # the port is free again at once
        with Serving(server):
            self.assertEqual(stream_round_trip(socket.AF_INET, address, [b"second\n"]), [b"second\n"])

    @unittest.skipUnless(ON_PYSOCK, "pysock only: CPython has AF_UNIX datagram sockets")
    def test_unix_datagram_server_not_supported_on_pysock(self):
        path = os.path.join(self.tempdir(), "dgram.sock")
        with self.assertRaises(OSError) as cm:
            socketserver.UnixDatagramServer(path, EchoDatagram)
        self.assertEqual(cm.exception.errno, errno.EOPNOTSUPP)


# ---------------------------------------------------------------------------------------------
# asyncio

async def echo_lines(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()


class Asyncio(Bounded):
    def test_start_server_open_connection(self):
        async def main():
            server = await asyncio.start_server(echo_lines, HOST, 0)
            host, port = server.sockets[0].getsockname()
            self.assertEqual(host, HOST)
            self.assertNotEqual(port, 0)
            async with server:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), WAIT)
                writer.write(b"hello\nworld\n")
                await writer.drain()
                self.assertEqual(await asyncio.wait_for(reader.readline(), WAIT), b"hello\n")
                self.assertEqual(await asyncio.wait_for(reader.readline(), WAIT), b"world\n")
                writer.write_eof()
                self.assertEqual(await asyncio.wait_for(reader.read(), WAIT), b"")
                writer.close()
                await asyncio.wait_for(writer.wait_closed(), WAIT)
            self.assertFalse(server.is_serving())
            return port

        port = run_async(main())
        with socket.socket() as s:
            with self.assertRaises(ConnectionRefusedError):
                s.connect((HOST, port))

    def test_large_transfer_with_flow_control(self):
        payload = bytes(range(256)) * 4096 + b"\n"  # 1 MiB, one line

        async def main():
            server = await asyncio.start_server(echo_lines, HOST, 0, limit=2 ** 21)
            async with server:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(*server.sockets[0].getsockname(), limit=2 ** 21), WAIT)
                writer.write(payload)
                got = await asyncio.wait_for(reader.readexactly(len(payload)), 15)
                writer.close()
                await asyncio.wait_for(writer.wait_closed(), WAIT)
                return got

        self.assertEqual(run_async(main()), payload)

    def test_several_concurrent_clients(self):
        async def client(port, i):
            reader, writer = await asyncio.open_connection(HOST, port)
            try:
                lines = [b"client %d line %d\n" % (i, n) for n in range(20)]
                for line in lines:
                    writer.write(line)
                    await writer.drain()
                    if await reader.readline() != line:
                        return False
                return True
            finally:
                writer.close()
                await writer.wait_closed()

        async def main():
            server = await asyncio.start_server(echo_lines, HOST, 0)
            async with server:
                port = server.sockets[0].getsockname()[1]
                return await asyncio.wait_for(asyncio.gather(*(client(port, i) for i in range(10))), 15)

        self.assertEqual(run_async(main()), [True] * 10)

    def test_unix_server_and_connection(self):
        path = os.path.join(self.tempdir(), "asyncio.sock")

        async def main():
            server = await asyncio.start_unix_server(echo_lines, path=path)
            async with server:
                self.assertEqual(server.sockets[0].family, socket.AF_UNIX)
                reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(path), WAIT)
                writer.write(b"over unix\n")
                line = await asyncio.wait_for(reader.readline(), WAIT)
                writer.close()
                await asyncio.wait_for(writer.wait_closed(), WAIT)
                return line

        self.assertEqual(run_async(main()), b"over unix\n")

    def test_datagram_endpoint(self):
        class Echo(asyncio.DatagramProtocol):
            def connection_made(self, transport):
                self.transport = transport

            def datagram_received(self, data, addr):
                self.transport.sendto(data.upper(), addr)

        class Client(asyncio.DatagramProtocol):
            def __init__(self, loop):
                self.got = loop.create_future()

            def datagram_received(self, data, addr):
                if not self.got.done():
                    self.got.set_result((data, addr))

        async def main():
            loop = asyncio.get_running_loop()
            server_t, _ = await loop.create_datagram_endpoint(Echo, local_addr=(HOST, 0))
            client_t = None
            try:
                server_addr = server_t.get_extra_info("sockname")
                self.assertNotEqual(server_addr[1], 0)
                client_t, client_p = await loop.create_datagram_endpoint(
                    lambda: Client(loop), remote_addr=server_addr)
                client_t.sendto(b"datagram")
                data, addr = await asyncio.wait_for(client_p.got, WAIT)
                return data, addr, server_addr
            finally:
                if client_t is not None:
                    client_t.close()
                server_t.close()

        data, addr, server_addr = run_async(main())
        self.assertEqual(data, b"DATAGRAM")
        self.assertEqual(addr, server_addr)

    def test_loop_sock_methods(self):
        payload = bytes(range(256)) * 1024  # 256 KiB: sock_sendall has to wait for room

        async def main():
            loop = asyncio.get_running_loop()
            with listener() as srv, socket.socket() as c:
                srv.setblocking(False)
                c.setblocking(False)
                accepting = asyncio.ensure_future(loop.sock_accept(srv))
                await asyncio.wait_for(loop.sock_connect(c, srv.getsockname()), WAIT)
                conn, addr = await asyncio.wait_for(accepting, WAIT)
                with conn:
                    self.assertEqual(addr, c.getsockname())
                    self.assertFalse(conn.getblocking())

                    async def receive(n):
                        got = bytearray()
                        while len(got) < n:
                            data = await loop.sock_recv(conn, 65536)
                            if not data:
                                break
                            got += data
                        return bytes(got)

                    _, got = await asyncio.wait_for(
                        asyncio.gather(loop.sock_sendall(c, payload), receive(len(payload))), 15)
                    self.assertEqual(got, payload)
                    await loop.sock_sendall(conn, b"back")
                    buf = bytearray(10)
                    n = await asyncio.wait_for(loop.sock_recv_into(c, buf), WAIT)
                    self.assertEqual(bytes(buf[:n]), b"back")
            return True

        self.assertTrue(run_async(main()))

    def test_sock_connect_refused(self):
        port = free_port()

        async def main():
            loop = asyncio.get_running_loop()
            with socket.socket() as s:
                s.setblocking(False)
                with self.assertRaises(ConnectionRefusedError):
                    await asyncio.wait_for(loop.sock_connect(s, (HOST, port)), WAIT)
            with self.assertRaises(ConnectionRefusedError):
                await asyncio.wait_for(asyncio.open_connection(HOST, port), WAIT)
            return True

        self.assertTrue(run_async(main()))

    def test_run_in_executor(self):
        async def main():
            loop = asyncio.get_running_loop()
            a, b = socket.socketpair()
            with a, b:
                a.settimeout(WAIT)  # a blocking recv in a worker thread, bounded
                fut = loop.run_in_executor(None, a.recv, 100)
                await asyncio.sleep(0.05)
                self.assertFalse(fut.done())
                b.sendall(b"from the loop")
                data = await asyncio.wait_for(fut, WAIT)
                doubled = await loop.run_in_executor(None, lambda: data * 2)
                return data, doubled

        data, doubled = run_async(main())
        self.assertEqual(data, b"from the loop")
        self.assertEqual(doubled, b"from the loopfrom the loop")

    def test_read_timeout_and_sleep(self):
        async def main():
            server = await asyncio.start_server(echo_lines, HOST, 0)
            async with server:
                reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname())
                start = time.monotonic()
                with self.assertRaises(asyncio.TimeoutError):
                    await asyncio.wait_for(reader.readline(), 0.2)
                elapsed = time.monotonic() - start
                start = time.monotonic()
                await asyncio.sleep(0.1)
                slept = time.monotonic() - start
                writer.close()
                await asyncio.wait_for(writer.wait_closed(), WAIT)
                return elapsed, slept

        elapsed, slept = run_async(main())
        self.assertGreaterEqual(elapsed, 0.15)
        self.assertLess(elapsed, WAIT)
        self.assertGreaterEqual(slept, 0.08)

    def test_call_soon_threadsafe_wakes_the_loop(self):
        async def main():
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            timer = threading.Timer(0.1, loop.call_soon_threadsafe, (fut.set_result, "woken"))
            timer.start()
            try:
                return await asyncio.wait_for(fut, WAIT)
            finally:
                timer.cancel()

        self.assertEqual(run_async(main()), "woken")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print("%d passed, %d failed, %d skipped (%s)" % (result.testsRun - failed - skipped, failed, skipped,
                                                     "pysock" if ON_PYSOCK else sys.implementation.name))
    sys.exit(1 if failed else 0)
