#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Non-ASCII text is bytes in Python 2: len(), slicing and length prefixes count bytes.
import socket
import struct

msg = '你好，世界'
print msg, len(msg)
a, b = socket.socketpair()
a.sendall(struct.pack('!H', len(msg)) + msg)
a.close()
head = b.recv(2)
n = struct.unpack('!H', head)[0]
body = ''
while len(body) < n:
    body += b.recv(n - len(body))
b.close()
print n, body == msg, body
print body[:3], len(body[:3])
u = body.decode('utf-8')
print len(u), u[:2].encode('utf-8')
print 'caf\xc3\xa9', len('café'), repr('café')
print 'ok' if len('é') == 2 else 'chars'
