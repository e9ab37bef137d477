"""A TLS server and its clients in one script (ssl on both sides): tls_pair.py CERT KEY CAFILE"""
import select
import socket
import ssl
import sys
import threading

cert, key, cafile = sys.argv[1:4]
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(cert, key)
server_ctx.set_alpn_protocols(["h2", "http/1.1"])
server_ctx.load_verify_locations(cafile=cafile)
seen_sni = []


def sni(ssl_socket, server_name, ctx):
    seen_sni.append((server_name, type(ssl_socket).__name__, ctx is server_ctx))


try:
    server_ctx.sni_callback = sni
except NotImplementedError:
    print("sni_callback: NotImplementedError")
server_ctx.verify_mode = ssl.CERT_OPTIONAL

listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(60)
port = listener.getsockname()[1]
tls_listener = server_ctx.wrap_socket(listener, server_side=True)
peer_names = []


go = threading.Event()  # the non-blocking client's first handshake step runs before the server accepts


def serve(count):
    for i in range(count):
        if i == 3:
            go.wait(60)
        conn, _ = tls_listener.accept()
        with conn:
            conn.settimeout(30)
            peer = conn.getpeercert()
            peer_names.append(dict(x[0] for x in peer["subject"])["commonName"] if peer else None)
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(data.upper())
            if data.startswith(b"unwrap"):
                plain = conn.unwrap()
                plain.sendall(b"plain after unwrap\n")
                plain.close()


server = threading.Thread(target=serve, args=(5,), daemon=True)
server.start()


def client_ctx():
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def echo(ctx, line, **wrap):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost", **wrap) as s:
            s.sendall(line)
            return s, s.version(), s.selected_alpn_protocol(), s.recv(4096)


s, version, alpn, reply = echo(client_ctx(), b"hello tls 1.3\n")
print("default", version, alpn, reply.decode().strip(), seen_sni[-1] if seen_sni else "-")

ctx12 = client_ctx()
ctx12.maximum_version = ssl.TLSVersion.TLSv1_2
s, version, alpn, reply = echo(ctx12, b"hello tls 1.2\n")
print("pinned", version, alpn, reply.decode().strip())

mutual = client_ctx()
mutual.load_cert_chain(cert, key)
s, version, alpn, reply = echo(mutual, b"client cert\n")
print("client cert", reply.decode().strip(), "server saw", peer_names[-1])

# non-blocking handshake, driven by select
raw = socket.create_connection(("127.0.0.1", port), timeout=30)
raw.setblocking(False)
s = client_ctx().wrap_socket(raw, server_hostname="localhost", do_handshake_on_connect=False)
try:
    s.do_handshake()
    first = "completed"
except ssl.SSLWantReadError:
    first = "SSLWantReadError"  # the ClientHello is sent; no answer can have come yet
go.set()
wants = 0
for _ in range(1000):
    try:
        s.do_handshake()
        break
    except ssl.SSLWantReadError:
        wants += 1
        select.select([s], [], [], 5)
    except ssl.SSLWantWriteError:
        wants += 1
        select.select([], [s], [], 5)
s.setblocking(True)
s.sendall(b"non-blocking\n")
print("non-blocking handshake", first, s.recv(100).decode().strip())
s.close()

# unwrap: TLS, then plain text on the same connection
raw = socket.create_connection(("127.0.0.1", port), timeout=30)
s = client_ctx().wrap_socket(raw, server_hostname="localhost")
s.sendall(b"unwrap me\n")
print("before unwrap", s.recv(100).decode().strip())
plain = s.unwrap()
data = b""
while not data.endswith(b"\n"):
    chunk = plain.recv(100)
    if not chunk:
        break
    data += chunk
print("after unwrap", type(plain).__name__, data.decode().strip())
plain.close()

server.join(30)
print("server done", not server.is_alive())
tls_listener.close()
