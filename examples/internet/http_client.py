"""Fetch a page with http.client and with urllib.request: http_client.py URL [CAFILE]

An https:// URL is checked against CAFILE (or the JVM's default trust when omitted).
Peer: any HTTP(S) server; the tests use the JDK's HttpServer/HttpsServer.
"""
import http.client
import ssl
import sys
import urllib.parse
import urllib.request

url = sys.argv[1]
context = ssl.create_default_context(cafile=sys.argv[2] if len(sys.argv) > 2 else None)
parts = urllib.parse.urlsplit(url)
if parts.scheme == "https":
    conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
else:
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
response = conn.getresponse()
print("http.client:", response.status, response.reason, response.read().decode())
conn.close()
with urllib.request.urlopen(url, context=context if parts.scheme == "https" else None, timeout=30) as page:
    print("urllib.request:", page.status, page.read().decode())
