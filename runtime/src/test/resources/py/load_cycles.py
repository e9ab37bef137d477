"""Load: N TCP connect/accept/close cycles and N UDP round trips on loopback (N from argv, default
10,000). Prints the counts; LoadLeakTest compares the JVM's descriptors, sockets and threads
before and after."""

import socket
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(128)
addr = srv.getsockname()
tcp = 0
for i in range(n):
    c = socket.socket()
    c.connect(addr)
    s, _ = srv.accept()
    c.sendall(b"x")
    if s.recv(1) == b"x":
        tcp += 1
    s.close()
    c.close()
srv.close()

a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(("127.0.0.1", 0))
b.bind(("127.0.0.1", 0))
a.settimeout(5)
b.settimeout(5)
udp = 0
for i in range(n):
    payload = i.to_bytes(4, "big")
    a.sendto(payload, b.getsockname())
    data, peer = b.recvfrom(16)
    b.sendto(data, peer)
    back, _ = a.recvfrom(16)
    if back == payload:
        udp += 1
a.close()
b.close()
print("tcp cycles", tcp, "udp round trips", udp)
