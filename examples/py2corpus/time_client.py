#!/usr/bin/env python
# The RFC 868 client: read 4 bytes, unpack, convert to Unix time.
import socket
import struct
import time

TIME1970 = 2208988800L
for i in range(3):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(('127.0.0.1', 50037))
    data = s.recv(4)
    s.close()
    t = struct.unpack('!I', data)[0]
    print repr(data), t, t - TIME1970
    print time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(t - TIME1970))
