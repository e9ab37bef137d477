"""The hot-path benchmarks of bench/hotpath.sh: one script, run unchanged by pysock, GraalPy's own
sockets and CPython (bench/NioBench.java is the same set in plain Java NIO, the ceiling).

Usage: netbench.py MODE ARGS...   (every figure line starts with the mode's name)

  bulk SECONDS ROUNDS          one thread sendall()s 64 KiB, another recv_into()s a reused 64 KiB
                               bytearray, loopback TCP: "bulk MB/s r1 r2 ..."
  server PORTFILE              echo server for rtt and conn: serves one connection after another,
                               echoing until the peer closes; writes its port to PORTFILE
  rtt PORT SECONDS ROUNDS      100 B request/response on one connection: "rtt /s r1 r2 ..."
  conn PORT SECONDS ROUNDS     connect, send 100 B, receive the echo, close: "conn /s r1 r2 ..."
  aecho SECONDS ROUNDS         asyncio echo: one server and 10 clients in this process, 100 B
                               lines: "aecho /s r1 r2 ..."
  threaded-server PORTFILE     socketserver.ThreadingTCPServer echoing 100 B lines (for the
                               200-client load, driven by NioBench load)
  asyncio-server PORTFILE      asyncio.start_server echoing 100 B lines (likewise)
  tutorial-server PORTFILE     the tutorial's server (accept, greet, close) on a free port, idle
                               until stopped: what its resident memory is measured on

Rounds are printed one by one, so the first rounds show the JIT's warm-up.
"""
import asyncio
import os
import socket
import socketserver
import sys
import threading
import time

MSG = b"x" * 99 + b"\n"


def rates(name, rounds, seconds, one_round):
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        n = one_round(start + seconds)
        out.append(n / (time.perf_counter() - start))
    print(name, " ".join("%.0f" % r for r in out), flush=True)


def write_port(portfile, port):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, portfile)


def recv_exactly(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise SystemExit("peer closed early")
        got += chunk
    return got


def bulk(seconds, rounds):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    stop = threading.Event()
    chunk = b"x" * 65536

    def sender():
        while not stop.is_set():
            c.sendall(chunk)
        c.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=sender)
    t.start()
    buf = bytearray(65536)

    def one_round(deadline):
        n = 0
        while time.perf_counter() < deadline:
            n += a.recv_into(buf)
        return n / 1e6

    rates("bulk", rounds, seconds, one_round)
    stop.set()
    while a.recv_into(buf):
        pass
    t.join()


def server(portfile):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(128)
    write_port(portfile, srv.getsockname()[1])
    while True:
        conn, _ = srv.accept()
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)


def rtt(port, seconds, rounds):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def one_round(deadline):
        n = 0
        while time.perf_counter() < deadline:
            s.sendall(MSG)
            recv_exactly(s, len(MSG))
            n += 1
        return n

    rates("rtt", rounds, seconds, one_round)
    s.close()


def conn(port, seconds, rounds):
    def one_round(deadline):
        n = 0
        while time.perf_counter() < deadline:
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(MSG)
            recv_exactly(s, len(MSG))
            s.close()
            n += 1
        return n

    rates("conn", rounds, seconds, one_round)


async def _handle_lines(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


def aecho(seconds, rounds):
    async def client(port, deadline, counter):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            writer.write(MSG)
            await writer.drain()
            if await reader.readline() != MSG:
                raise SystemExit("echo mismatch")
            counter[0] += 1
        writer.close()

    async def main():
        srv = await asyncio.start_server(_handle_lines, "127.0.0.1", 0)
        port = srv.sockets[0].getsockname()[1]
        out = []
        for _ in range(rounds):
            counter = [0]
            start = time.perf_counter()
            await asyncio.gather(*(client(port, start + seconds, counter) for _ in range(10)))
            out.append(counter[0] / (time.perf_counter() - start))
        print("aecho", " ".join("%.0f" % r for r in out), flush=True)
        srv.close()
        await srv.wait_closed()

    asyncio.run(main())


class _LineEcho(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


def threaded_server(portfile):
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    socketserver.ThreadingTCPServer.request_queue_size = 256
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _LineEcho) as srv:
        write_port(portfile, srv.server_address[1])
        srv.serve_forever()


def asyncio_server(portfile):
    async def main():
        srv = await asyncio.start_server(_handle_lines, "127.0.0.1", 0, backlog=256)
        write_port(portfile, srv.sockets[0].getsockname()[1])
        await srv.serve_forever()

    asyncio.run(main())


def tutorial_server(portfile):
    # examples/tutorial/server3.py's loop, on a free loopback port instead of hostname:12345.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(5)
    write_port(portfile, s.getsockname()[1])
    while True:
        c, addr = s.accept()
        print("连接地址：", addr)
        c.send("欢迎访问菜鸟教程！".encode("utf-8"))
        c.close()


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    mode, args = argv[0], argv[1:]
    if mode == "bulk":
        bulk(float(args[0]), int(args[1]))
    elif mode == "server":
        server(args[0])
    elif mode == "rtt":
        rtt(int(args[0]), float(args[1]), int(args[2]))
    elif mode == "conn":
        conn(int(args[0]), float(args[1]), int(args[2]))
    elif mode == "aecho":
        aecho(float(args[0]), int(args[1]))
    elif mode == "threaded-server":
        threaded_server(args[0])
    elif mode == "asyncio-server":
        asyncio_server(args[0])
    elif mode == "tutorial-server":
        tutorial_server(args[0])
    else:
        raise SystemExit("netbench.py: unknown mode %r\n%s" % (mode, __doc__))


if __name__ == "__main__":
    main(sys.argv[1:])
