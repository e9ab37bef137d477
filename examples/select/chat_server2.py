#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Multi-client chat server on select.select(), written for Python 2.

Every line a client sends is broadcast to all the other clients as "[HOST:PORT] line".

Run:
    ./pysock run examples/select/chat_server2.py [HOST [PORT]] [--max-clients N]
    python2 examples/select/chat_server2.py [HOST [PORT]] [--max-clients N]

HOST defaults to 127.0.0.1 and PORT to 5000 (0 picks a free port). When ready it prints
"listening on HOST:PORT". It stops cleanly (exit status 0) when a client sends the line
"/shutdown", or, with --max-clients N, when N clients have connected (it then stops accepting)
and all of them have left.
"""
import select
import socket
import sys

RECV_BUFFER = 4096

host = '127.0.0.1'
port = 5000
max_clients = None
positional = []
args = sys.argv[1:]
while args:
    arg = args.pop(0)
    if arg == '--max-clients':
        max_clients = int(args.pop(0))
    else:
        positional.append(arg)
if len(positional) > 0:
    host = positional[0]
if len(positional) > 1:
    port = int(positional[1])

server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind((host, port))
server_socket.listen(10)
print "listening on %s:%d" % server_socket.getsockname()
sys.stdout.flush()

CONNECTION_LIST = [server_socket]
names = {}
pending = {}
accepted = 0


def broadcast(sender, message):
    for sock in CONNECTION_LIST[:]:
        if sock is not server_socket and sock is not sender:
            try:
                sock.send(message)
            except socket.error, e:
                remove(sock)


def remove(sock):
    if sock in CONNECTION_LIST:
        CONNECTION_LIST.remove(sock)
        sock.close()
        print "client %s left (%d online)" % (names[sock], len(names) - 1)
        sys.stdout.flush()
        del names[sock]


running = True
while running and CONNECTION_LIST:
    read_sockets, write_sockets, error_sockets = select.select(CONNECTION_LIST, [], [])
    for sock in read_sockets:
        if sock is server_socket:
            sockfd, addr = server_socket.accept()
            CONNECTION_LIST.append(sockfd)
            names[sockfd] = "%s:%d" % addr
            pending[sockfd] = ''
            accepted = accepted + 1
            print "client %s connected (%d online)" % (names[sockfd], len(names))
            sys.stdout.flush()
            if max_clients is not None and accepted >= max_clients:
                CONNECTION_LIST.remove(server_socket)
                server_socket.close()
            continue
        if sock not in CONNECTION_LIST:
            continue
        try:
            data = sock.recv(RECV_BUFFER)
        except socket.error, e:
            data = ''
        if not data:
            remove(sock)
            continue
        pending[sock] = pending[sock] + data
        while '\n' in pending[sock]:
            line, pending[sock] = pending[sock].split('\n', 1)
            if line.strip() == '/shutdown':
                print "shutdown requested by %s" % names[sock]
                running = False
                break
            broadcast(sock, "[%s] %s\n" % (names[sock], line))
        if not running:
            break

for sock in CONNECTION_LIST:
    sock.close()
print "chat server stopped after %d clients" % accepted
sys.stdout.flush()
