#!/usr/bin/env python
# The line client, twice, with makefile for reading.
import socket

for words in (['hello', 'world'], ['python 2', 'on', 'java']):
    s = socket.create_connection(('127.0.0.1', 50099))
    f = s.makefile('rb')
    for w in words:
        s.sendall(w + '\r\n')
        print f.readline(),
    s.sendall('quit\r\n')
    f.close()
    s.close()
