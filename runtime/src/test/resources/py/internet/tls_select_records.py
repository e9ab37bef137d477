"""select() on a TLS socket sees every record the peer sent: tls_select_records.py CERT KEY CAFILE

The server sends two records back to back; the non-blocking client reads one record's worth at a
time and waits with select() (or pending()) in between, as asyncore and selectors loops do. The
second record must still be in the socket, where select() sees it (OpenSSL reads no further than
the record it needs), not in the TLS engine's buffer, where nothing would wake the client."""
import select
import socket
import ssl
import sys
import threading

cert, key, cafile = sys.argv[1:4]
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(cert, key)
client_ctx = ssl.create_default_context(cafile=cafile)
listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(30)
sent = threading.Event()
done = threading.Event()


def serve():
    conn, _ = listener.accept()
    with server_ctx.wrap_socket(conn, server_side=True) as tls:
        tls.settimeout(30)
        tls.recv(10)  # the client's "go": its handshake is over
        tls.sendall(b"A\n")
        tls.sendall(b"B\n")
        sent.set()
        done.wait(30)


t = threading.Thread(target=serve, daemon=True)
t.start()
with client_ctx.wrap_socket(socket.create_connection(listener.getsockname(), timeout=30),
                            server_hostname="localhost") as c:
    c.sendall(b"go")
    sent.wait(30)
    c.setblocking(False)
    got, waits = b"", 0
    while len(got) < 4 and waits < 20:
        readable, _, _ = select.select([c], [], [], 3)
        if not readable and not c.pending():
            break
        try:
            got += c.recv(2)
        except ssl.SSLWantReadError:
            waits += 1
    print("received", got, "select saw both records:", got == b"A\nB\n")
    done.set()
t.join(30)
listener.close()
