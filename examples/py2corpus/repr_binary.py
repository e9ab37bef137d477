#!/usr/bin/env python
# repr() of binary data, the way debugging prints of packets looked.
import socket
import struct

print repr(struct.pack('!BHI', 1, 2, 3))
print repr(struct.pack('<d', 1.5))
print repr(socket.inet_aton('10.0.0.255'))
print repr(socket.inet_pton(socket.AF_INET6, 'fe80::1'))
a, b = socket.socketpair()
a.send(''.join(chr(i) for i in range(0, 256, 15)))
data = b.recv(100)
print repr(data)
print [data[0], data[-1]]
print (data[1:3], 'tab\there', "it's", 'say "hi"', 'both \' and "')
print {'key': '\x00\x01'}
print repr('\\'), repr('\r\n'), repr('\x7f')
print str(['\xff'])
a.close()
b.close()
