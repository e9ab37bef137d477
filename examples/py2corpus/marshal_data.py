#!/usr/bin/env python
# marshal over a socket pair, plus what marshal produces for simple values.
import marshal
import socket

a, b = socket.socketpair()
record = [1, 2.5, 'three', (4, 5), None, True]
blob = marshal.dumps(record)
a.sendall(blob)
a.close()
data = ''
while True:
    chunk = b.recv(16)
    if not chunk:
        break
    data += chunk
b.close()
print marshal.loads(data) == record
print marshal.loads(data)
print type(blob).__name__, len(marshal.dumps(12345))
