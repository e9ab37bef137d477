"""TLS over memory BIOs (asyncio's way) and over a socket pair: what getpeercert() gives when the
client did not verify the server (CERT_NONE), and a server_hostname that is an IP address the
certificate does not name. argv: server cert, server key, CA."""
import socket
import ssl
import sys
import threading

cert, key, ca = sys.argv[1:4]
server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_context.load_cert_chain(cert, key)


def client_context(verify):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify:
        context.load_verify_locations(ca)
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def bio_handshake(context, server_hostname):
    """Both ends over memory BIOs, moved by hand; returns the client SSLObject or raises its error."""
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = context.wrap_bio(c_in, c_out, server_hostname=server_hostname)
    server = server_context.wrap_bio(s_in, s_out, server_side=True)
    done = {client: False, server: False}
    for _ in range(20):
        for end in (client, server):
            if not done[end]:
                try:
                    end.do_handshake()
                    done[end] = True
                except ssl.SSLWantReadError:
                    pass
        s_in.write(c_out.read())
        c_in.write(s_out.read())
        if done[client]:
            return client
    raise AssertionError("the handshake did not end")


def describe(what, run):
    try:
        client = run()
        cert = client.getpeercert()
        print(what, "dict", "decoded" if cert else repr(cert), "binary", len(client.getpeercert(True)) > 0)
    except ssl.SSLCertVerificationError as e:
        print(what, type(e).__name__, e.verify_message)


describe("bio unverified", lambda: bio_handshake(client_context(False), None))
describe("bio verified", lambda: bio_handshake(client_context(True), "localhost"))
describe("bio right address", lambda: bio_handshake(client_context(True), "127.0.0.1"))
describe("bio wrong address", lambda: bio_handshake(client_context(True), "127.0.0.2"))


def socket_handshake():
    a, b = socket.socketpair()
    a.settimeout(10)
    b.settimeout(10)

    def serve():
        try:
            with server_context.wrap_socket(b, server_side=True):
                pass
        except (OSError, ssl.SSLError):
            pass
    t = threading.Thread(target=serve)
    t.start()
    try:
        return client_context(False).wrap_socket(a)
    finally:
        t.join(10)


describe("socket unverified", socket_handshake)
