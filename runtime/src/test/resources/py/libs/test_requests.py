"""requests and urllib3 (Debian's packages, unchanged) against LibrariesTest's JDK HTTP/HTTPS server.

Run the same on pysock and on python3; LibrariesTest compares both outputs with
test_requests.expected. Arguments: HTTP_BASE HTTPS_BASE CA_PEM CLOSED_PORT.
"""
import hashlib
import json
import sys

import requests
import urllib3

http, https, cafile, closed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
print("requests", requests.__version__, "urllib3", urllib3.__version__)

# GET / POST / JSON
r = requests.get(http + "/json", timeout=10)
print("GET json:", r.status_code, r.headers["Content-Type"], r.json())
r = requests.post(http + "/echo", json={"a": [1, 2], "text": "h\u00e9llo \u4e16\u754c"}, timeout=10)
print("POST json:", r.status_code, r.json())
r = requests.post(http + "/echo", data={"k": "v w", "x": "\u00e9"}, timeout=10)
print("POST form:", r.json())
r = requests.put(http + "/echo", data=b"\x00\x01raw", headers={"Content-Type": "application/octet-stream"}, timeout=10)
print("PUT bytes:", r.json())
r = requests.get(http + "/json", params={"q": "a b", "n": 3}, timeout=10)
print("query:", r.url[len(http):])
print("404:", requests.get(http + "/missing", timeout=10).status_code)
try:
    requests.get(http + "/missing", timeout=10).raise_for_status()
except requests.HTTPError as e:
    print("raise_for_status:", type(e).__name__, e.response.status_code)

# redirects
r = requests.get(http + "/redirect/3", timeout=10)
print("redirects:", r.status_code, r.text, [h.status_code for h in r.history], r.url[len(http):])
r = requests.get(http + "/redirect/1", allow_redirects=False, timeout=10)
print("not followed:", r.status_code, r.headers["Location"], r.is_redirect)
r = requests.post(http + "/redirect/1", data="x", timeout=10)
print("POST redirected:", r.request.method, r.status_code)

# a session: one connection for several requests, cookies, default headers
with requests.Session() as s:
    s.headers["X-Test"] = "pysock"
    s.get(http + "/setcookie", timeout=10)
    ports = [s.get(http + "/port", timeout=10).text for _ in range(4)]
    print("session: one connection for 4 requests:", len(set(ports)) == 1)
    print("session headers:", s.get(http + "/headers", timeout=10).json())

# a streamed download of a few hundred KB
with requests.get(http + "/bytes/300000", stream=True, timeout=10) as r:
    digest, size, chunks = hashlib.sha256(), 0, 0
    for chunk in r.iter_content(chunk_size=16384):
        digest.update(chunk)
        size += len(chunk)
        chunks += 1
    print("stream:", size, "in several chunks:", chunks > 1, digest.hexdigest()[:16])
expected = bytes((i * 7) % 251 for i in range(300000))
print("stream bytes as sent:", hashlib.sha256(expected).hexdigest()[:16])

# timeouts and refused connections
try:
    requests.get(http + "/slow", timeout=0.5)
except requests.exceptions.ReadTimeout as e:
    print("read timeout:", type(e).__name__, isinstance(e, requests.Timeout))
try:
    requests.get("http://127.0.0.1:%d/" % closed, timeout=5)
except requests.exceptions.ConnectionError as e:
    reason = e.args[0].reason
    print("closed port:", type(e).__name__, type(reason).__name__, "[Errno 111] Connection refused" in str(reason))

# HTTPS against the test CA
r = requests.get(https + "/json", verify=cafile, timeout=10)
print("https verified:", r.status_code, r.json())
try:
    requests.get(https + "/json", timeout=10)  # the system's CAs do not know the test CA
except requests.exceptions.SSLError as e:
    print("https unknown CA:", type(e).__name__, "CERTIFICATE_VERIFY_FAILED" in str(e))

# host names through the idna codec (no lookup is made)
print("idna:", requests.Request("GET", "http://b\u00fccher.example/p").prepare().url)

# urllib3 on its own: pools, preload_content=False, retries, timeouts, TLS
pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=cafile)
r = pool.request("GET", https + "/json")
print("urllib3 https:", r.status, json.loads(r.data.decode()))
r = pool.request("POST", http + "/echo", body=json.dumps({"n": 1}).encode(), headers={"Content-Type": "application/json"})
print("urllib3 POST:", r.status, json.loads(r.data.decode()))
r = pool.request("GET", http + "/bytes/200000", preload_content=False)
got = b"".join(r.stream(8192))
r.release_conn()
print("urllib3 stream:", len(got), got == expected[:200000])
host_pool = pool.connection_from_url(http)
for _ in range(3):
    host_pool.request("GET", "/port")
print("urllib3 connections made for 3 requests:", host_pool.num_connections)
try:
    pool.request("GET", http + "/slow", timeout=urllib3.Timeout(connect=5, read=0.5), retries=False)
except urllib3.exceptions.ReadTimeoutError as e:
    print("urllib3 read timeout:", type(e).__name__)
try:
    pool.request("GET", "http://127.0.0.1:%d/" % closed, retries=urllib3.Retry(total=1, backoff_factor=0))
except urllib3.exceptions.MaxRetryError as e:
    print("urllib3 refused:", type(e).__name__, type(e.reason).__name__)
print("done")
