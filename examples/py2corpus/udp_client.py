#!/usr/bin/env python
# The UDP client: three datagrams, each answered.
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(10)
for msg in ['one', 'two \xe2\x82\xac', '']:
    sock.sendto(msg, ('127.0.0.1', 50041))
    reply, server = sock.recvfrom(2048)
    print reply, len(reply), server
sock.close()
