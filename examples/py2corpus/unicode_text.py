#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Decoding received bytes to unicode and encoding replies back.
import socket

a, b = socket.socketpair()
a.sendall(u'Grüße, 世界\n'.encode('utf-8'))
raw = b.recv(1024)
print len(raw), type(raw).__name__
text = raw.decode('utf-8')
print len(text), text.strip()
reply = text.upper().encode('utf-8')
b.sendall(reply)
print a.recv(1024).strip()
print u'\u4e16'.encode('utf-8') == '世', '世'.decode('utf-8') == u'\u4e16'
print repr(u'caf\xe9'.encode('latin-1')), repr('caf\xe9'.decode('latin-1').encode('utf-8'))
print 'abc'.decode('ascii').encode('utf-16-be').encode('hex')
try:
    '\xff'.decode('utf-8')
except UnicodeDecodeError, e:
    print 'decode error at', e.start
a.close()
b.close()
