"""Where the time of one socket call goes: microseconds per call, for the hot path's calls and, on
pysock, for each layer under them. Runs unchanged on CPython (the pysock-only rows are left out).

Usage: crossing.py [N] [ROUNDS]  -- each row loops N calls ROUNDS times and prints the best round
(the JIT's warm-up is in the first rounds). bench/hotpath.sh --crossing runs it on every runtime.
"""
import select
import socket
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5

try:
    import polyglot
    from pysock import _bridge, _socket as _ps
    ON_PYSOCK = _bridge.mod is not None
except ImportError:
    ON_PYSOCK = False

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(128)
addr = srv.getsockname()
c = socket.create_connection(addr)
a, _ = srv.accept()
idle, _ = socket.socketpair()
idle.setblocking(False)
small = b"x" * 100
big = b"x" * 65536
buf = bytearray(65536)
ep = select.epoll() if hasattr(select, "epoll") else None
if ep:
    ep.register(c.fileno(), select.EPOLLOUT)


def row(name, body, n=N):
    best = None
    for _ in range(ROUNDS):
        t = time.perf_counter_ns()
        body(n)
        d = (time.perf_counter_ns() - t) / n / 1000
        best = d if best is None or d < best else best
    print("%-52s %10.2f" % (name, best), flush=True)


def empty(n):
    f = lambda: None
    for _ in range(n):
        f()


def recv_into_100(n):
    for _ in range(n):
        c.send(small)
        a.recv_into(buf, 100)


def send_100(n):
    for _ in range(n):
        c.send(small)
    left = n * 100
    while left:
        left -= a.recv_into(buf)


def eagain(n):
    for _ in range(n):
        try:
            idle.recv_into(buf)
        except BlockingIOError:
            pass


def bulk_64k(n):
    for _ in range(n):
        c.sendall(big)
        got = 0
        while got < 65536:
            got += a.recv_into(buf)


def connect_accept(n):
    for _ in range(n):
        x = socket.create_connection(addr)
        y, _ = srv.accept()
        x.close()
        y.close()


def select_ready(n):
    for _ in range(n):
        select.select([], [c], [], 0)


def epoll_ready(n):
    for _ in range(n):
        ep.poll(0)


print("%-52s %10s" % ("call (" + ("pysock" if ON_PYSOCK else sys.implementation.name) + ")", "us/call"))
row("empty Python function call", empty)
row("send(100 B) + recv_into(100 B)", recv_into_100)
row("send(100 B), the receiver drained after", send_100)
row("recv_into on a non-blocking socket: EAGAIN", eagain)
row("sendall(64 KiB) + recv_into until all arrived", bulk_64k, max(N // 20, 10))
row("connect + accept + close both", connect_accept, max(N // 20, 10))
row("select() on one ready socket", select_ready)
if ep:
    row("epoll.poll(0) with one ready socket", epoll_ready)

if ON_PYSOCK:
    # The layers under a pysock call (see docs/benchmarks.md, "Where the time goes").
    mod = _bridge.mod
    j_a, j_c, j_idle = a._j, c._j, idle._j
    st = polyglot.storage
    arr = st(buf)
    small_arr = st(bytearray(small))
    gettimeout = mod.gettimeout
    recv_into = mod.recvInto
    send = mod.send

    def storage(n):
        for _ in range(n):
            st(buf)

    def member_call(n):
        for _ in range(n):
            j_a.gettimeout()

    def looked_up_once(n):
        for _ in range(n):
            gettimeout(j_a)

    def java_send_recv(n):
        for _ in range(n):
            send(j_c, small_arr, 0, 100, 0)
            recv_into(j_a, arr, 0, 100, 0)

    def eagain_value(n):
        for _ in range(n):
            recv_into(j_idle, arr, 0, 65536, 0)

    def eagain_exception(n):
        for _ in range(n):
            try:
                j_idle.recvInto(arr, 0, 65536, 0)
            except polyglot.ForeignException:
                pass

    row("  polyglot.storage(bytearray): the byte[] itself", storage)
    row("  Java call through a member read (j.gettimeout())", member_call)
    row("  Java call, method looked up once (gettimeout(j))", looked_up_once)
    row("  Java send + recvInto 100 B, no facade", java_send_recv)
    row("  Java recvInto EAGAIN returned as -1", eagain_value)
    row("  Java recvInto EAGAIN raised (a Java exception)", eagain_exception)
