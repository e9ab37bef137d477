#!/usr/bin/env python
# UDP echo: server thread with recvfrom/sendto, client with a timeout.
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(('127.0.0.1', 0))
addr = server.getsockname()

def serve(count):
    for i in range(count):
        data, peer = server.recvfrom(1024)
        print 'server: %d bytes from %s' % (len(data), peer[0])
        server.sendto(data.upper(), peer)

t = threading.Thread(target=serve, args=(3,))
t.start()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(5.0)
for msg in ['hello', 'udp world', 'caf\xc3\xa9']:
    client.sendto(msg, addr)
    data, peer = client.recvfrom(1024)
    print 'client:', data, len(data), peer == addr
t.join()
client.close()
server.close()
