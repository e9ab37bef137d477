#!/usr/bin/env python
# Logging raw protocol data with the string_escape and hex codecs.
import socket

a, b = socket.socketpair()
a.send('EHLO host\r\n\tcontinued\x00end\xfe')
data = b.recv(100)
print data.encode('string_escape')
print 'line\\n2\\x41'.decode('string_escape')
print data.encode('hex')
print '414243'.decode('hex')
print 'deadbeef'.decode('hex') == '\xde\xad\xbe\xef'
print repr('it\'s'.encode('string_escape'))
print 'uryyb'.encode('rot13')
a.close()
b.close()
