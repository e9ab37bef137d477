#!/usr/bin/env python
# Echo client program (the socket documentation's example), connecting twice.
import socket

HOST = '127.0.0.1'
PORT = 50007
for text in ['Hello, world', 'Bytes \x00\xff too']:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((HOST, PORT))
    s.sendall(text)
    data = s.recv(1024)
    s.close()
    print 'Received', repr(data)
