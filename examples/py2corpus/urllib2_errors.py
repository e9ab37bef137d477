#!/usr/bin/env python
# urllib2 error handling: HTTPError with a body, URLError for a refused connection.
import BaseHTTPServer
import socket
import threading
import urllib2

class Handler(BaseHTTPServer.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == '/ok':
            self.send_response(200)
            self.end_headers()
            self.wfile.write('fine')
        else:
            self.send_error(404, 'No such page')

    def log_message(self, *args):
        pass

httpd = BaseHTTPServer.HTTPServer(('127.0.0.1', 0), Handler)
t = threading.Thread(target=httpd.serve_forever)
t.setDaemon(True)
t.start()
base = 'http://127.0.0.1:%d' % httpd.server_port
print urllib2.urlopen(base + '/ok').read()
try:
    urllib2.urlopen(base + '/nope')
except urllib2.HTTPError, e:
    print 'HTTPError', e.code, e.msg
    print 'is URLError:', isinstance(e, urllib2.URLError)
    print 'body has message:', 'No such page' in e.read()
httpd.shutdown()
httpd.server_close()

s = socket.socket()
s.bind(('127.0.0.1', 0))
free_port = s.getsockname()[1]
s.close()
try:
    urllib2.urlopen('http://127.0.0.1:%d/' % free_port, timeout=5)
except urllib2.URLError, e:
    print 'URLError', e.reason.errno, e.reason.strerror
