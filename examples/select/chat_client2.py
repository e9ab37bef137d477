#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Chat client on select.select() over stdin and the socket, written for Python 2.

Lines typed on stdin go to the chat server; lines from the server (the other clients' lines)
are printed as they arrive.

Run:
    ./pysock run examples/select/chat_client2.py [HOST [PORT]]
    python2 examples/select/chat_client2.py [HOST [PORT]]

HOST defaults to 127.0.0.1 and PORT to 5000 (chat_server2.py's defaults). It prints
"connected to HOST:PORT" once connected. At the end of stdin it shuts down its sending side,
prints what the server still sends until the server closes the connection (at most 10 s), and
exits with status 0. The line "/shutdown" stops the server.
"""
import select
import socket
import sys

host = '127.0.0.1'
port = 5000
if len(sys.argv) > 1:
    host = sys.argv[1]
if len(sys.argv) > 2:
    port = int(sys.argv[2])

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(10)
try:
    s.connect((host, port))
except socket.error, e:
    print 'Unable to connect to %s:%d: %s' % (host, port, e)
    sys.exit(1)
s.settimeout(None)
print 'connected to %s:%d' % (host, port)
sys.stdout.flush()

socket_list = [sys.stdin, s]
while 1:
    if sys.stdin in socket_list:
        read_sockets, write_sockets, error_sockets = select.select(socket_list, [], [])
    else:
        read_sockets, write_sockets, error_sockets = select.select(socket_list, [], [], 10)
        if not read_sockets:
            print 'server did not close the connection within 10 s'
            break
    for sock in read_sockets:
        if sock == s:
            data = sock.recv(4096)
            if not data:
                if sys.stdin in socket_list:
                    print 'disconnected from chat server'
                s.close()
                sys.stdout.flush()
                sys.exit(0)
            sys.stdout.write(data)
            sys.stdout.flush()
        else:
            msg = sys.stdin.readline()
            if msg:
                s.send(msg)
            else:
                socket_list.remove(sys.stdin)
                s.shutdown(socket.SHUT_WR)
s.close()
