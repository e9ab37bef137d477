#!/usr/bin/env python
# The classic hexdump of whatever arrives on a socket.
import socket
import threading
import struct

def hexdump(src, length=16):
    result = []
    for i in xrange(0, len(src), length):
        s = src[i:i + length]
        hexa = ' '.join(['%02X' % ord(x) for x in s])
        text = ''.join([x if 0x20 <= ord(x) < 0x7F else '.' for x in s])
        result.append('%04X   %-*s   %s' % (i, length * 3, hexa, text))
    return '\n'.join(result)

a, b = socket.socketpair()
payload = struct.pack('!IHH', 0xDEADBEEF, 80, 443) + 'GET / HTTP/1.0\r\n\r\n' + ''.join(chr(i) for i in range(250, 256))

def sender():
    a.sendall(payload)
    a.close()

t = threading.Thread(target=sender)
t.start()
data = ''
while True:
    d = b.recv(7)
    if not d:
        break
    data += d
t.join()
b.close()
print hexdump(data)
print 'total', len(data), 'bytes'
