"""http.client and urllib.request GET against a Java HttpServer: http_get.py URL"""
import http.client
import sys
import urllib.parse
import urllib.request

url = sys.argv[1]
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
conn.request("GET", u.path + "?via=http.client", headers={"X-Test": "pysock"})
r = conn.getresponse()
print("http.client", r.status, r.getheader("Content-Type"), r.read().decode())
# keep-alive: a second request on the same connection
conn.request("POST", u.path, body=b"x" * 100000)
r = conn.getresponse()
print("http.client post", r.status, r.read().decode())
conn.close()
with urllib.request.urlopen(url + "?via=urllib", timeout=30) as f:
    print("urllib", f.status, f.read().decode())
