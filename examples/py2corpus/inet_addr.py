#!/usr/bin/env python
# Addresses as packed bytes: inet_aton/ntoa, inet_pton/ntop, byte order helpers.
import socket
import struct

packed = socket.inet_aton('127.0.0.1')
print repr(packed), len(packed)
print socket.inet_ntoa(packed)
n = struct.unpack('!L', packed)[0]
print n, hex(n)
print socket.inet_ntoa(struct.pack('!L', n + 1))
print repr(socket.inet_aton('192.168.1.255'))
six = socket.inet_pton(socket.AF_INET6, '::1')
print repr(six), len(six)
print socket.inet_ntop(socket.AF_INET6, '\xfe\x80' + '\x00' * 13 + '\x01')
print socket.htons(80), socket.ntohs(20480), socket.htonl(1)
mask = socket.inet_aton('255.255.255.0')
addr = socket.inet_aton('10.1.2.3')
net = ''.join(chr(ord(x) & ord(y)) for x, y in zip(addr, mask))
print 'network', socket.inet_ntoa(net)
try:
    socket.inet_aton('not an address')
except socket.error, e:
    print 'error:', e
