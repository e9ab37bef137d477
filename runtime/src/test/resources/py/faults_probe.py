"""Faults, pysock against CPython: each scenario prints what the script sees; FaultsTest runs this
under CPython and under pysock and wants the same lines, and counts the threads and descriptors
pysock holds before and after. Loopback only; every wait is bounded by a socket timeout."""

import socket
import struct
import threading
import time


def outcome(fn, *args):
    try:
        r = fn(*args)
        return "ok %r" % (r,)
    except socket.gaierror as e:
        return "gaierror"  # EAI_NONAME or, with no network at all, EAI_AGAIN
    except Exception as e:
        return "%s %s" % (type(e).__name__, getattr(e, "errno", None))


def listener():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    return srv


def connected():
    srv = listener()
    c = socket.create_connection(srv.getsockname(), timeout=5)
    s, _ = srv.accept()
    s.settimeout(5)
    srv.close()
    return c, s


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def peer_reset_mid_stream():
    c, s = connected()
    s.sendall(b"partial")
    time.sleep(0.1)
    reset(s)
    time.sleep(0.1)
    print("reset: recv after reset:", outcome(c.recv, 100))
    print("reset: recv again:", outcome(c.recv, 100))
    print("reset: send after reset:", outcome(c.send, b"x"))
    c.close()


def write_to_closed_peer():
    c, s = connected()
    s.close()
    time.sleep(0.1)
    first = outcome(c.send, b"x" * 10)
    time.sleep(0.1)
    errors = set()
    for _ in range(50):  # the RST arrives after the first write; a later one fails
        r = outcome(c.send, b"x" * 1000)
        if not r.startswith("ok"):
            errors.add(r)
            break
    print("closed peer: first send:", first)
    print("closed peer: later send:", sorted(errors))
    print("closed peer: recv:", outcome(c.recv, 10))
    c.close()


def half_close():
    c, s = connected()
    c.sendall(b"request")
    c.shutdown(socket.SHUT_WR)
    print("half-close: server reads:", outcome(s.recv, 100), outcome(s.recv, 100))
    s.sendall(b"reply")
    print("half-close: client still reads:", outcome(c.recv, 100))
    print("half-close: client send after SHUT_WR:", outcome(c.send, b"x"))
    s.shutdown(socket.SHUT_WR)
    print("half-close: client reads EOF:", outcome(c.recv, 100))
    print("half-close: SHUT_RD after both FINs:", outcome(c.shutdown, socket.SHUT_RD))
    print("half-close: recv after SHUT_RD:", outcome(c.recv, 100))
    print("half-close: shutdown twice:", outcome(c.shutdown, socket.SHUT_RDWR))
    c.close()
    s.close()


def recv_timeout():
    c, s = connected()
    c.settimeout(0.3)
    t = time.monotonic()
    r = outcome(c.recv, 10)
    took = time.monotonic() - t
    print("recv timeout:", r, 0.25 < took < 3)
    s.sendall(b"late")
    print("recv after timeout:", outcome(c.recv, 10))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.settimeout(0.2)
    print("udp recvfrom timeout:", outcome(u.recvfrom, 10))
    u.close()
    c.close()
    s.close()


def connect_timeout():
    # A full accept queue drops further SYNs: the next connect times out, on loopback.
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    filled = []
    result = None
    for _ in range(8):
        c = socket.socket()
        c.settimeout(0.5)
        filled.append(c)
        r = outcome(c.connect, srv.getsockname())
        if not r.startswith("ok"):
            result = r
            break
    print("connect timeout:", result)
    for c in filled:
        c.close()
    srv.close()


def accept_while_closed():
    srv = listener()
    srv.settimeout(5)
    seen = []
    t = threading.Thread(target=lambda: seen.append(outcome(srv.accept)))
    t.start()
    time.sleep(0.3)
    print("accept: shutdown of the listener:", outcome(srv.shutdown, socket.SHUT_RDWR))
    # Linux wakes the waiting accept() at the shutdown (EINVAL), before any close: give it the time.
    t.join(5)
    print("accept after shutdown:", seen, t.is_alive())
    print("accept on the shut listener:", outcome(srv.accept))
    print("connect to the shut listener:", outcome(lambda: socket.create_connection(srv.getsockname(), 2).close()))
    srv.close()
    print("accept after close:", outcome(srv.accept))


def recv_while_closed():
    c, s = connected()
    seen = []
    t = threading.Thread(target=lambda: seen.append(outcome(c.recv, 10)))
    t.start()
    time.sleep(0.3)
    print("recv: shutdown while another thread waits:", outcome(c.shutdown, socket.SHUT_RDWR))
    c.close()
    t.join(5)
    # woken with b'' or EBADF, depending on which of shutdown and close it sees first
    print("recv after close: woken", len(seen) == 1 and seen[0] in ("ok b''", "OSError 9"), t.is_alive())
    s.close()


def unresolvable():
    print("unresolvable connect:", outcome(socket.create_connection, ("no-such-host.invalid", 80), 2))
    print("unresolvable getaddrinfo:", outcome(socket.getaddrinfo, "no-such-host.invalid", 80))
    print("unresolvable gethostbyname:", outcome(socket.gethostbyname, "no-such-host.invalid"))


for scenario in [peer_reset_mid_stream, write_to_closed_peer, half_close, recv_timeout, connect_timeout,
                 accept_while_closed, recv_while_closed, unresolvable]:
    scenario()
print("threads:", threading.active_count())
