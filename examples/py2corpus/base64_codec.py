#!/usr/bin/env python
# Basic auth style credentials and binary blobs in base64 over a socket.
import base64
import socket

user, password = 'alice', 's3cr3t:!'
token = base64.b64encode('%s:%s' % (user, password))
print 'token', token
print 'encodestring', repr(base64.encodestring('binary\x00\xff data'))
print 'method', repr('abc'.encode('base64'))
print 'decode', 'YWJj\n'.decode('base64')
print 'urlsafe', base64.urlsafe_b64encode('\xfb\xff\xfe')
print 'b32', base64.b32encode('pysock')
print 'b16', base64.b16encode('\x01\xab')

a, b = socket.socketpair()
a.sendall('Authorization: Basic ' + token + '\r\n')
line = b.recv(1024).strip()
scheme, _, cred = line.partition(': ')[2].partition(' ')
print 'scheme', scheme
print 'credentials', base64.b64decode(cred).split(':', 1)
a.close()
b.close()
