#!/usr/bin/env python
# print with a trailing comma, as progress output of network scripts used it.
import socket
import sys

a, b = socket.socketpair()
print 'sending',
for i in range(5):
    a.send(str(i))
    print i,
print
print 'received:', b.recv(100)
print 'a', 'b',
print 'c'
print 'tab\t',
print 'after tab'
print 'newline\n',
print 'next'
print 'x',
sys.stdout.write('[written]')
print 'y'
print 'values:', 1, 2.5, None, True, (1, 2), ['x']
print
print '',
print 'empty first'
a.close()
b.close()
