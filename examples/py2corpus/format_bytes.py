#!/usr/bin/env python
# % formatting of what comes off the wire: %s, %r, %d, %x, %c, widths and mappings.
import socket
import struct

a, b = socket.socketpair()
a.send('GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n\x00\x7f\x80\xff')
data = b.recv(1024)
a.close()
b.close()
print 'got %d bytes' % len(data)
print 'first line: %s' % data.split('\r\n')[0]
print 'as repr: %r' % data[-12:]
print '%-10s|%10s|' % ('left', 'right')
print '%05d %x %X %o %c' % (42, 255, 255, 8, 65)
print '%(method)s %(path)s' % {'method': 'GET', 'path': '/'}
print '%.3f %e %g' % (3.14159, 12345.678, 0.0001)
print '%s %s' % (1.0 / 3, 2.0 / 3)
print 1.0 / 3, 10 / 4.0
print '%s and %r' % ((1, 'a'), ['b', 'c'])
print '%s' % data[-4:] == '\x00\x7f\x80\xff'
print 'tag: %s' % struct.pack('!H', 0x4142)
print '%3d%%' % 50
