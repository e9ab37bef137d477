#!/usr/bin/env python
# A UDP server answering three datagrams, then stopping.
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('127.0.0.1', 50041))
count = 0
while count < 3:
    data, addr = sock.recvfrom(2048)
    count = count + 1
    print 'datagram %d: %r (%d bytes)' % (count, data, len(data))
    sock.sendto('ack %d %s' % (count, data[::-1]), addr)
sock.close()
print 'done'
