#!/usr/bin/env python
# Compressed messages over a socket pair: zlib on str.
import socket
import zlib

left, right = socket.socketpair()
text = 'the quick brown fox jumps over the lazy dog. ' * 20
packed = zlib.compress(text)
print 'original', len(text), 'compressed', len(packed)
left.sendall(packed)
left.close()
got = ''
while True:
    chunk = right.recv(100)
    if not chunk:
        break
    got += chunk
right.close()
plain = zlib.decompress(got)
print 'round trip ok:', plain == text
print 'crc32', zlib.crc32(text), zlib.crc32(text) & 0xffffffff
print 'adler32', zlib.adler32(text)
print 'first bytes', repr(packed[:2])
c = zlib.compressobj()
stream = c.compress('abc' * 100) + c.flush()
d = zlib.decompressobj()
print 'stream', len(stream), d.decompress(stream)[:9]
print 'codec', len('hello hello hello'.encode('zlib')), 'hello hello hello'.encode('zlib').decode('zlib')
