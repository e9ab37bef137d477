#!/usr/bin/env python
# Frames with a CRC32 trailer, checked with binascii.
import binascii
import socket
import struct

def frame(body):
    return body + struct.pack('!I', binascii.crc32(body) & 0xffffffff)

def check(data):
    body, crc = data[:-4], struct.unpack('!I', data[-4:])[0]
    return body, crc == (binascii.crc32(body) & 0xffffffff)

a, b = socket.socketpair()
for body in ['first frame', 'second \x00\x01 frame']:
    a.send(frame(body))
    got = b.recv(100)
    print binascii.hexlify(got)
    print check(got)
corrupt = frame('third')
corrupt = 'T' + corrupt[1:]
print check(corrupt)
print binascii.unhexlify('48656c6c6f')
print repr(binascii.b2a_base64('xyz'))
print repr(binascii.a2b_hex('00ff10'))
print binascii.b2a_hex('\x00\x10\xff')
a.close()
b.close()
