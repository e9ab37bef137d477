#!/usr/bin/env python
# A BaseHTTPServer answering two requests, then exiting.
import BaseHTTPServer
import sys

class Handler(BaseHTTPServer.BaseHTTPRequestHandler):
    def do_GET(self):
        body = 'Hello %s\n' % self.path.lstrip('/')
        self.send_response(200)
        self.send_header('Content-type', 'text/plain')
        self.send_header('Content-Length', len(body))
        self.end_headers()
        self.wfile.write(body)
        print 'served', self.path, self.headers.getheader('host').split(':')[0]
        sys.stdout.flush()

    def log_message(self, fmt, *args):
        pass

httpd = BaseHTTPServer.HTTPServer(('127.0.0.1', 50080), Handler)
for i in range(2):
    httpd.handle_request()
httpd.server_close()
print 'bye'
