"""Seeded, bounded fuzzing of pysock sockets: random byte streams, random split points and random
call sequences (blocking recv/recv_into, makefile, non-blocking with select/poll/epoll/selectors),
checking that every byte sent arrives once, in order, and that no wait outlives its bound.

usage: fuzz_sockets.py SEED ROUNDS   -- prints one summary line that depends only on SEED and ROUNDS
"""

import hashlib
import random
import select
import selectors
import socket
import sys
import threading

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 14
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
BOUND = 10.0  # seconds any single wait may take before the round counts as a deadlock


class Deadlock(AssertionError):
    pass


def pair(rng):
    kind = rng.choice(["socketpair", "tcp", "tcp6" if socket.has_ipv6 else "tcp"])
    if kind == "socketpair":
        return socket.socketpair()
    fam, host = (socket.AF_INET6, "::1") if kind == "tcp6" else (socket.AF_INET, "127.0.0.1")
    srv = socket.socket(fam)
    srv.bind((host, 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname()[:2], timeout=BOUND)
    s, _ = srv.accept()
    srv.close()
    c.settimeout(None)
    return c, s


def chunks(rng, data):
    """data cut at random points (empty pieces included)."""
    out, i = [], 0
    while i < len(data):
        n = rng.choice([0, 1, 2, 7, 100, 1000, 4096, 65536, 200000])
        out.append(data[i:i + n])
        i += n
    return out


def send_all(rng, sock, pieces, errors):
    try:
        how = rng.choice(["sendall", "send", "makefile", "memoryview"])
        if how == "makefile":
            f = sock.makefile("wb", buffering=rng.choice([-1, 17]))
            for p in pieces:
                f.write(p)
            f.flush()
            f.close()
        else:
            for p in pieces:
                if how == "sendall":
                    sock.sendall(p)
                elif how == "memoryview":
                    sock.sendall(memoryview(bytearray(p)))
                else:
                    view = memoryview(p)
                    while view:
                        view = view[sock.send(view):]
        sock.shutdown(socket.SHUT_WR)
    except Exception as e:  # reported by the receiver's check
        errors.append(repr(e))


def wait_readable(how, sock, waiter):
    if how == "select":
        r, _, _ = select.select([sock], [], [], BOUND)
        ready = bool(r)
    elif how == "poll":
        ready = bool(waiter.poll(BOUND * 1000))
    elif how == "epoll":
        ready = bool(waiter.poll(BOUND))
    else:
        ready = bool(waiter.select(BOUND))
    if not ready:
        raise Deadlock("no readiness within %s s (%s)" % (BOUND, how))


def receive(rng, sock):
    how = rng.choice(["recv", "recv_into", "makefile", "readline", "select", "poll", "epoll", "selectors"])
    got = bytearray()
    if how in ("recv", "recv_into"):
        sock.settimeout(BOUND)
        buf = bytearray(70000)
        while True:
            n = rng.choice([1, 3, 512, 4096, 65536])
            if how == "recv":
                data = sock.recv(n)
            else:
                k = sock.recv_into(memoryview(buf)[:n] if rng.random() < 0.5 else buf, n)
                data = bytes(buf[:k])
            if not data:
                return bytes(got), how
            got += data
    if how in ("makefile", "readline"):
        sock.settimeout(BOUND)
        f = sock.makefile("rb", buffering=rng.choice([-1, 1, 64]))
        while True:
            data = f.readline() if how == "readline" else f.read(rng.choice([1, 100, 8192]))
            if not data:
                f.close()
                return bytes(got), how
            got += data
    sock.setblocking(False)
    waiter = None
    if how == "poll":
        waiter = select.poll()
        waiter.register(sock, select.POLLIN)
    elif how == "epoll":
        waiter = select.epoll()
        waiter.register(sock.fileno(), select.EPOLLIN)
    elif how == "selectors":
        waiter = selectors.DefaultSelector()
        waiter.register(sock, selectors.EVENT_READ)
    try:
        while True:
            wait_readable(how, sock, waiter)
            try:
                data = sock.recv(rng.choice([1, 700, 65536]))
            except BlockingIOError:
                continue  # readiness is a hint, as on Linux
            if not data:
                return bytes(got), how
            got += data
    finally:
        if how in ("epoll", "selectors"):
            waiter.close()


def main():
    rng = random.Random(SEED)
    total = 0
    digest = hashlib.sha256()
    for round_no in range(ROUNDS):
        size = rng.choice([0, 1, 100, 5000, 65537, 300000])
        data = rng.randbytes(size)
        pieces = chunks(rng, data)
        a, b = pair(rng)
        # each side draws from its own generator: how many calls a side makes depends on timing,
        # what the round sends must not
        sender_rng = random.Random(rng.random())
        receiver_rng = random.Random(rng.random())
        errors = []
        t = threading.Thread(target=send_all, args=(sender_rng, a, pieces, errors))
        t.start()
        got, how = receive(receiver_rng, b)
        t.join(BOUND)
        if t.is_alive():
            raise Deadlock("sender still running after the receiver saw EOF")
        if errors:
            raise AssertionError("round %d: sender failed: %s" % (round_no, errors))
        if got != data:
            raise AssertionError("round %d (%s): %d bytes sent, %d received, equal prefix %s" % (
                round_no, how, len(data), len(got), got == data[:len(got)]))
        a.close()
        b.close()
        total += size
        digest.update(got)
    print("fuzz seed %d rounds %d bytes %d sha256 %s" % (SEED, ROUNDS, total, digest.hexdigest()[:16]))


main()
