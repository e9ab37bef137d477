#!/usr/bin/env python
# A form POST: the handler reads Content-Length via headers.getheader, httplib posts.
import BaseHTTPServer
import httplib
import threading
import urllib
import urlparse

class FormHandler(BaseHTTPServer.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.getheader('content-length'))
        ctype = self.headers.getheader('content-type')
        body = self.rfile.read(length)
        fields = urlparse.parse_qs(body)
        reply = ['type: %s' % ctype, 'length: %d' % length]
        for key in sorted(fields.keys()):
            reply.append('%s = %s' % (key, fields[key][0]))
        text = '\n'.join(reply) + '\n'
        self.send_response(201, 'Created')
        self.send_header('Content-Length', len(text))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass

httpd = BaseHTTPServer.HTTPServer(('127.0.0.1', 0), FormHandler)
t = threading.Thread(target=httpd.handle_request)
t.start()
params = urllib.urlencode([('name', 'Alice Smith'), ('email', 'alice@example.com'), ('msg', 'a&b=c')])
print params
conn = httplib.HTTPConnection('127.0.0.1', httpd.server_port)
conn.request('POST', '/submit', params, {'Content-Type': 'application/x-www-form-urlencoded'})
resp = conn.getresponse()
print resp.status, resp.reason
print resp.getheader('content-length')
print resp.read()
conn.close()
t.join()
httpd.server_close()
