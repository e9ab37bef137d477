"""A server's sni_callback refusing the connection, as test_ssl's test_sni_callback_{alert,raising,
wrong_return_type} do: tls_sni_refusal.py CERT KEY CAFILE

The client must get the TLS alert the server sends (SSLError.reason in OpenSSL's words), and an
exception raised by the callback (or a wrong return type) goes to sys.unraisablehook."""
import socket
import ssl
import sys
import threading

cert, key, cafile = sys.argv[1:4]
unraisable = []
sys.unraisablehook = lambda args: unraisable.append(args.exc_type.__name__)


def refuse_with_alert(sock, name, ctx):
    return ssl.ALERT_DESCRIPTION_ACCESS_DENIED


def raise_in_callback(sock, name, ctx):
    1 / 0


def wrong_return_type(sock, name, ctx):
    return "foo"


def attempt(callback):
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    server_ctx.sni_callback = callback
    client_ctx = ssl.create_default_context(cafile=cafile)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(30)
    server_error = []

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(30)
            try:
                server_ctx.wrap_socket(conn, server_side=True)
            except ssl.SSLError as e:
                server_error.append(type(e).__name__)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    del unraisable[:]
    with socket.create_connection(listener.getsockname(), timeout=30) as raw:
        try:
            client_ctx.wrap_socket(raw, server_hostname="localhost")
            client = "handshake completed"
        except ssl.SSLError as e:
            client = "%s %s" % (type(e).__name__, e.reason)
    t.join(30)
    listener.close()
    print(callback.__name__, "| client:", client, "| server:", server_error, "| unraisable:", unraisable)


for cb in (refuse_with_alert, raise_in_callback, wrong_return_type):
    attempt(cb)
