#!/usr/bin/env python
# A select()-based echo server handling several clients in one thread.
import select
import socket
import threading

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 0))
server.listen(5)
server.setblocking(0)
port = server.getsockname()[1]
stats = {'accepted': 0, 'bytes': 0}

def serve():
    inputs = [server]
    clients_done = 0
    while clients_done < 3:
        readable, writable, errored = select.select(inputs, [], [], 10)
        if not readable:
            break
        for s in readable:
            if s is server:
                conn, addr = server.accept()
                conn.setblocking(1)
                inputs.append(conn)
                stats['accepted'] += 1
            else:
                data = s.recv(1024)
                if data:
                    stats['bytes'] += len(data)
                    s.send(data)
                else:
                    inputs.remove(s)
                    s.close()
                    clients_done += 1
    server.close()

t = threading.Thread(target=serve)
t.start()
socks = []
for i in range(3):
    c = socket.socket()
    c.connect(('127.0.0.1', port))
    socks.append(c)
for i, c in enumerate(socks):
    c.send('message %d from client' % i)
for c in socks:
    print repr(c.recv(1024))
    c.close()
t.join()
print 'accepted %(accepted)d clients, echoed %(bytes)d bytes' % stats
