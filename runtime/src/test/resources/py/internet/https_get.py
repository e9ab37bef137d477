"""HTTPS with certificate checks against a Java HttpsServer: https_get.py URL CAFILE"""
import http.client
import socket
import ssl
import sys
import urllib.parse
import urllib.request

url, cafile = sys.argv[1], sys.argv[2]
port = urllib.parse.urlsplit(url).port
ctx = ssl.create_default_context(cafile=cafile)
conn = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)
conn.request("GET", "/hello?via=https", headers={"X-Test": "tls"})
r = conn.getresponse()
print("https", r.status, r.read().decode())
print("version", conn.sock.version() in ("TLSv1.2", "TLSv1.3"))
print("peer", dict(x[0] for x in conn.sock.getpeercert()["subject"])["commonName"])
print("san", conn.sock.getpeercert()["subjectAltName"])
conn.close()
with urllib.request.urlopen(url + "?via=urllib", context=ctx, timeout=30) as f:  # 127.0.0.1: the IP SAN
    print("urllib", f.status, f.read().decode())

try:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        ctx.wrap_socket(raw, server_hostname="wrong.example").close()
    print("wrong host accepted")
except ssl.SSLCertVerificationError as e:
    print("wrong host", type(e).__name__, e.reason, e.verify_code, repr(e.verify_message))
    print("is ValueError (ssl.CertificateError)", isinstance(e, ValueError))
try:  # an IP address the certificate does not name (it names 127.0.0.1)
    # Closed at once where it is accepted (GraalPy's engine): the JDK's HttpsServer handshakes on
    # its one dispatcher thread, and a TLS connection left open would stall every later client.
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        ctx.wrap_socket(raw, server_hostname="127.0.0.2").close()
    print("wrong address accepted")
except ssl.SSLCertVerificationError as e:
    print("wrong address", type(e).__name__, e.verify_code, repr(e.verify_message))
try:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        ssl.create_default_context().wrap_socket(raw, server_hostname="localhost").close()
    print("untrusted accepted")
except ssl.SSLError as e:
    print("untrusted", type(e).__name__, e.reason, getattr(e, "verify_code", None))
    print("untrusted message", repr(getattr(e, "verify_message", None)))
try:
    urllib.request.urlopen(url, timeout=30)
    print("urllib untrusted accepted")
except urllib.error.URLError as e:
    print("urllib untrusted", type(e.reason).__name__)
