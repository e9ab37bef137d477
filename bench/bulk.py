"""64 KiB sendall / recv_into over loopback TCP: MB/s, warm (after a warm-up round).

Usage: bulk.py [SECONDS_PER_ROUND] [ROUNDS]  -- prints one line: 'bulk MB/s <best> <first-round>'.
"""
import socket
import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
CHUNK = b"x" * 65536


def main():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    stop = threading.Event()

    def sender():
        while not stop.is_set():
            c.sendall(CHUNK)
        c.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=sender)
    t.start()
    buf = bytearray(65536)
    rates = []
    for _ in range(ROUNDS):
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < SECONDS:
            n += a.recv_into(buf)
        rates.append(n / (time.perf_counter() - start) / 1e6)
    stop.set()
    while a.recv_into(buf):
        pass
    t.join()
    print("bulk MB/s %.0f %.0f" % (max(rates), rates[0]))


main()
