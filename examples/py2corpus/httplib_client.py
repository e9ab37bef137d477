#!/usr/bin/env python
# httplib against a small BaseHTTPServer: status, reason, headers, body, HEAD.
import BaseHTTPServer
import httplib
import threading

class Handler(BaseHTTPServer.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def reply(self, with_body):
        body = '<html><body>You asked for %s</body></html>' % self.path
        self.send_response(200)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('X-Served-By', 'corpus')
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):
        self.reply(True)

    def do_HEAD(self):
        self.reply(False)

    def log_message(self, *args):
        pass

httpd = BaseHTTPServer.HTTPServer(('127.0.0.1', 0), Handler)
t = threading.Thread(target=httpd.serve_forever)
t.setDaemon(True)
t.start()
conn = httplib.HTTPConnection('127.0.0.1', httpd.server_port, timeout=10)
for method, path in [('GET', '/index.html'), ('HEAD', '/index.html'), ('GET', '/a%20b')]:
    conn.request(method, path)
    r = conn.getresponse()
    body = r.read()
    print method, path, r.status, r.reason, r.version
    print '  type:', r.getheader('content-type'), 'served by:', r.getheader('X-Served-By')
    print '  body: %r (%d)' % (body, len(body))
print sorted(h for h, v in r.getheaders())
conn.close()
httpd.shutdown()
httpd.server_close()
