"""A side-specific context used on the wrong side, as test_ssl's test_echo does: _ssl.c refuses it
with SSLError before any handshake (wrap_socket defers the check to connect, wrap_bio makes it at once)."""
import socket
import ssl

for proto, server_side in ((ssl.PROTOCOL_TLS_SERVER, False), (ssl.PROTOCOL_TLS_CLIENT, True)):
    ctx = ssl.SSLContext(proto)
    ctx.check_hostname = False
    try:
        ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=server_side)
        print(proto.name, "wrap_bio accepted")
    except ssl.SSLError as e:
        print(proto.name, "wrap_bio SSLError", e.args[0], str(e.args[1]).split(" (_ssl.c")[0])
    s = socket.socket()
    try:
        ctx.wrap_socket(s, server_side=server_side)
        print(proto.name, "wrap_socket of an unconnected socket accepted")
    finally:
        s.close()

listener = socket.create_server(("127.0.0.1", 0))
with socket.create_connection(listener.getsockname(), timeout=30) as raw:
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).wrap_socket(raw)
        print("client with a server context: accepted")
    except ssl.SSLError as e:
        print("client with a server context: SSLError", str(e.args[1]).split(" (_ssl.c")[0])
listener.close()
