#!/usr/bin/env python
# Integer arithmetic in a transfer: chunk counts, averages, percentages with /.
import socket

CHUNK = 1024
payload = 'x' * 10000
a, b = socket.socketpair()
a.sendall(payload)
a.close()
sizes = []
total = 0
while True:
    d = b.recv(CHUNK)
    if not d:
        break
    sizes.append(len(d))
    total += len(d)
b.close()
print 'chunks needed:', len(payload) / CHUNK + (1 if len(payload) % CHUNK else 0)
print 'total', total, 'full chunks', total / CHUNK, 'remainder', total % CHUNK
print 'percent done', total * 100 / len(payload)
print 'average chunk', total / len(sizes) > 0
print 'halves', 7 / 2, -7 / 2, 7 // 2, 7 / 2.0, divmod(7, 2)
kb = total / 1024
print '%d KB' % kb, '%.1f KB' % (total / 1024.0)
mid = len(payload) / 2
print payload[:mid] == payload[mid:], mid
n = 17
n /= 5
print n
x = 9.0
x /= 2
print x
print 3 / 2 * 2, 2 ** -1, 1 / 3 * 3
