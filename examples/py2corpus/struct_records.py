#!/usr/bin/env python
# Fixed-size binary records with struct.Struct, unpack_from and pack_into.
import array
import socket
import struct

Record = struct.Struct('!I8sh')
print Record.size, Record.format
records = [(1, 'alpha', -5), (2, 'beta', 300), (3, 'gamma\x00\x00', 0)]
buf = ''.join(Record.pack(*r) for r in records)
a, b = socket.socketpair()
a.sendall(buf)
a.close()
data = ''
while len(data) < len(buf):
    data += b.recv(1024)
b.close()
for off in range(0, len(data), Record.size):
    rid, name, value = Record.unpack_from(data, off)
    print rid, repr(name), name.rstrip('\x00'), value
print struct.unpack('!3B', 'abc'), struct.unpack('>h', '\xff\xfe')
print struct.pack('5s', 'ab'), len(struct.pack('5s', 'ab')), repr(struct.pack('5s', 'ab'))
out = array.array('c', ' ' * 8)
struct.pack_into('!HH', out, 2, 1, 2)
print repr(out.tostring())
print struct.unpack('!Q', '\x00' * 7 + '\x01'), struct.unpack('!q', '\xff' * 8)
print struct.calcsize('!I8sh'), struct.calcsize('@ic')
