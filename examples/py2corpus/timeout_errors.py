#!/usr/bin/env python
# Timeouts and socket errors as Python 2 scripts caught them.
import errno
import socket

srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
c = socket.socket()
c.settimeout(0.2)
c.connect(srv.getsockname())
print 'timeout is', c.gettimeout()
try:
    c.recv(10)
except socket.timeout, e:
    print 'recv timed out:', e, e.args
c.close()
srv.close()

s = socket.socket()
s.bind(('127.0.0.1', 0))
port = s.getsockname()[1]
s.close()
r = socket.socket()
err = r.connect_ex(('127.0.0.1', port))
print 'connect_ex:', err, err == errno.ECONNREFUSED, errno.errorcode[err]
r.close()
try:
    socket.socket().connect(('127.0.0.1', port))
except socket.error, (code, message):
    print 'unpacked:', code, message
s1 = socket.socket()
s1.bind(('127.0.0.1', 0))
s1.listen(1)
s2 = socket.socket()
try:
    s2.bind(s1.getsockname())
except socket.error, e:
    print 'bind:', e.errno == errno.EADDRINUSE, e.strerror
s1.close()
s2.close()
print issubclass(socket.timeout, socket.error), socket.error.__name__ in ('error', 'OSError')
