"""ssl.SSLObject over MemoryBIOs, records moved by hand over a plain socket: tls_memory_bio.py PORT CAFILE"""
import socket
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
raw = socket.create_connection(("127.0.0.1", port), timeout=30)
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
obj = ssl.create_default_context(cafile=cafile).wrap_bio(incoming, outgoing, server_hostname="localhost")
wants = 0


def pump(op, *args):
    global wants
    for _ in range(1000):
        try:
            result = op(*args)
            out = outgoing.read()
            if out:
                raw.sendall(out)
            return result
        except ssl.SSLWantReadError:
            wants += 1
            out = outgoing.read()
            if out:
                raw.sendall(out)
            data = raw.recv(65536)
            if not data:
                incoming.write_eof()
            else:
                incoming.write(data)
    raise AssertionError("no progress")


pump(obj.do_handshake)
print("handshake", obj.version(), wants > 0, obj.server_hostname)
pump(obj.write, b"GET /hello?via=SSLObject HTTP/1.0\r\nHost: localhost\r\nX-Test: bio\r\n\r\n")
reply = b""
try:
    while True:
        chunk = pump(obj.read, 65536)
        if not chunk:
            break
        reply += chunk
except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
    pass
print("reply", reply.split(b"\r\n")[0].decode(), reply.endswith(b"hello via=SSLObject bio"))
raw.close()
