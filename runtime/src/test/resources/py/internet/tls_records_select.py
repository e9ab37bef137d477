"""A non-blocking TLS reader waits with select for each record: tls_records_select.py CERT KEY CAFILE

The server sends two TLS records before the client reads; the client reads the first one (4 bytes)
and then waits with select() for the second, which must still be in the socket, as with OpenSSL
(it reads a record at a time), and not be held unseen in the TLS engine's buffer.
"""
import select
import socket
import ssl
import sys
import threading

cert, key, cafile = sys.argv[1:4]
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(cert, key)
listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(60)
port = listener.getsockname()[1]
both_sent = threading.Event()
done = threading.Event()


def serve():
    conn, _ = listener.accept()
    with server_ctx.wrap_socket(conn, server_side=True) as s:
        s.sendall(b"one\n")  # a record each
        s.sendall(b"two\n")
        both_sent.set()
        done.wait(60)


server = threading.Thread(target=serve, daemon=True)
server.start()
client_ctx = ssl.create_default_context(cafile=cafile)
s = client_ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=30), server_hostname="localhost")
both_sent.wait(60)
s.setblocking(False)
data, waits = b"", "select found every record"
for _ in range(8):  # a session ticket (TLS 1.3) may come first: SSLWantReadError, then select again
    readable, _, _ = select.select([s], [], [], 10)
    if not readable:
        waits = "select: not readable after %r" % data
        break
    try:
        data += s.recv(4)
    except ssl.SSLWantReadError:
        pass
    if data == b"one\ntwo\n":
        break
print("records", data, waits)
done.set()
s.close()
server.join(30)
