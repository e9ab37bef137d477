#!/usr/bin/env python
# Name-service calls that stay on this machine: numeric hosts and the services database.
import socket

print socket.gethostbyname('127.0.0.1')
print socket.getservbyname('http', 'tcp'), socket.getservbyname('smtp'), socket.getservbyport(22)
print socket.getprotobyname('tcp'), socket.getprotobyname('udp')
for family, socktype, proto, canon, sa in socket.getaddrinfo('127.0.0.1', 80, socket.AF_INET, socket.SOCK_STREAM):
    print family == socket.AF_INET, socktype == socket.SOCK_STREAM, proto, repr(canon), sa
print socket.getaddrinfo('::1', 'http', socket.AF_INET6, socket.SOCK_STREAM)[0][4][:2]
print socket.getnameinfo(('127.0.0.1', 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
print socket.AF_INET, socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOL_SOCKET, socket.SO_REUSEADDR
print type(socket.gethostname()).__name__
