#!/usr/bin/env python
# SimpleHTTPServer serving a temporary directory; urllib fetching a file and a missing one.
import SimpleHTTPServer
import SocketServer
import os
import shutil
import tempfile
import threading
import urllib

root = tempfile.mkdtemp()
f = open(os.path.join(root, 'hello.txt'), 'w')
f.write('hello from SimpleHTTPServer\nline 2\n')
f.close()
os.chdir(root)

class QuietHandler(SimpleHTTPServer.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

httpd = SocketServer.TCPServer(('127.0.0.1', 0), QuietHandler)
t = threading.Thread(target=httpd.serve_forever)
t.setDaemon(True)
t.start()
base = 'http://127.0.0.1:%d/' % httpd.server_address[1]
u = urllib.urlopen(base + 'hello.txt')
print u.info().getheader('Content-Type'), u.info().getheader('Content-Length')
print u.read(),
u.close()
try:
    urllib.urlopen(base + 'missing.txt').read()
    print 'no error?'
except IOError, e:
    print 'missing:', getattr(e, 'code', None)
httpd.shutdown()
httpd.server_close()
os.chdir('/')
shutil.rmtree(root)
