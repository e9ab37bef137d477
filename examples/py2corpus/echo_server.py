#!/usr/bin/env python
# Echo server program (the socket documentation's example), serving two clients.
import socket

HOST = '127.0.0.1'
PORT = 50007
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(1)
for i in range(2):
    conn, addr = s.accept()
    print 'Connected by', addr[0]
    while 1:
        data = conn.recv(1024)
        if not data: break
        print 'echoing', repr(data)
        conn.sendall(data)
    conn.close()
s.close()
