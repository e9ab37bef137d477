#!/usr/bin/env python
# Byte-level checksums with ord() and chr(), as serial-over-TCP code did.
import socket

def checksum(data):
    total = 0
    for ch in data:
        total = (total + ord(ch)) & 0xFF
    return chr((-total) & 0xFF)

def xor_all(data):
    x = 0
    for ch in data:
        x ^= ord(ch)
    return x

packet = '\x02' + 'READ 0010' + '\x03'
framed = packet + checksum(packet)
a, b = socket.socketpair()
a.send(framed)
got = b.recv(100)
print repr(got), len(got)
print 'sum ok:', sum(ord(c) for c in got) & 0xFF == 0
print 'xor:', xor_all(got), hex(xor_all(got))
print 'first/last:', ord(got[0]), ord(got[-1]), got[0] == '\x02'
print 'bytes:', [ord(c) for c in got[:4]]
print 'upper half:', ''.join(chr(ord(c) | 0x80) for c in 'AB') == '\xc1\xc2'
a.close()
b.close()
