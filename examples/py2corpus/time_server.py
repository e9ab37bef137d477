#!/usr/bin/env python
# An RFC 868 style time server: the answer is a 32-bit big-endian number (fixed here).
import socket
import struct

TIME1970 = 2208988800L
FIXED = 1234567890
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 50037))
s.listen(5)
print 'time server on port', s.getsockname()[1]
for i in range(3):
    conn, addr = s.accept()
    conn.send(struct.pack('!I', FIXED + TIME1970 + i))
    conn.close()
print 'served 3 clients'
s.close()
