"""urllib3, unchanged, on pysock: a pool, a JSON POST and a streamed read.

Usage: urllib3_get.py [BASE_URL]   (default http://127.0.0.1:8080; the peer: json_server.py)
"""
import json
import sys

import urllib3

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
http = urllib3.PoolManager()
r = http.request("GET", base + "/hello")
print("GET /hello:", r.status, json.loads(r.data))
r = http.request("POST", base + "/echo", body=json.dumps([1, 2, 3]), headers={"Content-Type": "application/json"})
print("POST /echo:", json.loads(r.data))
r = http.request("GET", base + "/hello", preload_content=False)
print("streamed:", b"".join(r.stream(4)).decode())
r.release_conn()
