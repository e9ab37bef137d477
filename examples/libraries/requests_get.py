"""requests, unchanged, on pysock: GET, POST JSON, a redirect, a session, a refused connection.

Usage: requests_get.py [BASE_URL]   (default http://127.0.0.1:8080; the peer: json_server.py)
Run with requests on the path, e.g. ./pysock run --path /usr/lib/python3/dist-packages requests_get.py
"""
import sys

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
r = requests.get(base + "/hello", timeout=10)
print("GET /hello:", r.status_code, r.json())
r = requests.post(base + "/echo", json={"greeting": "gr\u00fc\u00df dich"}, timeout=10)
print("POST /echo:", r.json())
r = requests.get(base + "/redirect", timeout=10)
print("redirected to", r.url[len(base):], "after", [h.status_code for h in r.history])
with requests.Session() as s:
    print("session:", [s.get(base + "/hello", timeout=10).status_code for _ in range(3)])
try:
    requests.get("http://127.0.0.1:9/", timeout=5)
except requests.ConnectionError as e:
    print("refused:", type(e).__name__)
