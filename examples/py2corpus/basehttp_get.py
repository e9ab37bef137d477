#!/usr/bin/env python
# BaseHTTPServer serving GET; urllib2 fetching it.
import BaseHTTPServer
import threading
import urllib2

class Handler(BaseHTTPServer.BaseHTTPRequestHandler):
    def do_GET(self):
        body = 'path=%s\nagent=%s\n' % (self.path, self.headers.getheader('user-agent'))
        body += 'x-custom=%s\n' % self.headers.getheader('X-Custom', 'none')
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass

httpd = BaseHTTPServer.HTTPServer(('127.0.0.1', 0), Handler)
t = threading.Thread(target=httpd.serve_forever)
t.setDaemon(True)
t.start()
url = 'http://127.0.0.1:%d/hello?x=1' % httpd.server_port

req = urllib2.Request(url, headers={'User-Agent': 'corpus/1.0', 'X-Custom': 'yes'})
resp = urllib2.urlopen(req)
print resp.getcode()
print resp.info().getheader('Content-Type')
print resp.info().getheader('content-length')
print resp.read(),
resp2 = urllib2.urlopen(url.replace('hello', 'other'))
data = resp2.read()
print len(data), data.splitlines()[0]
httpd.shutdown()
httpd.server_close()
