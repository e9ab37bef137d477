#!/usr/bin/env python
# Python 2 syntax in a network script: has_key, except X, e, backticks, <>, print >>, long ints.
import socket
import sys

ports = {'http': 80, 'smtp': 25}
if ports.has_key('http'):
    print 'http is', ports['http']
if not ports.has_key('gopher'):
    print 'no gopher'

s = socket.socket()
s.bind(('127.0.0.1', 0))
port = s.getsockname()[1]
s.close()
c = socket.socket()
try:
    c.connect(('127.0.0.1', port))
except socket.error, e:
    print 'connect failed: errno', e.errno, e.strerror
    print 'args:', e.args
c.close()
try:
    raise socket.timeout, 'custom timeout'
except socket.timeout, e:
    print 'timeout:', e
n = 10L
print `n * 3`, `'quote'`, `[1, 'two']`
if n <> 11:
    print 'not eleven'
print >>sys.stdout, 'to stdout', 1, 2
print 0777, 0x1F, 2 ** 40
for k, v in sorted(ports.iteritems()):
    print k, v,
print
print dict(zip('ab', xrange(2))).keys() == ['a', 'b'] or True
