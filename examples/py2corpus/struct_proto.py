#!/usr/bin/env python
# A length-prefixed binary protocol with struct: header = magic, type, length.
import socket
import struct
import threading

HEADER = '!HBI'
HSIZE = struct.calcsize(HEADER)

def recv_exact(sock, n):
    buf = ''
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if chunk == '':
            raise EOFError('connection closed')
        buf = buf + chunk
    return buf

def send_msg(sock, mtype, payload):
    sock.sendall(struct.pack(HEADER, 0xCAFE, mtype, len(payload)) + payload)

def recv_msg(sock):
    magic, mtype, length = struct.unpack(HEADER, recv_exact(sock, HSIZE))
    return magic, mtype, recv_exact(sock, length)

server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(1)

def handler():
    conn, _ = server.accept()
    for i in range(3):
        magic, mtype, payload = recv_msg(conn)
        print 'server: magic=%#x type=%d len=%d payload=%r' % (magic, mtype, len(payload), payload)
        send_msg(conn, mtype + 100, payload[::-1])
    conn.close()

t = threading.Thread(target=handler)
t.start()
client = socket.socket()
client.connect(server.getsockname())
for mtype, text in [(1, 'ping'), (2, 'binary\x00\x01\xff'), (3, '')]:
    send_msg(client, mtype, text)
    magic, rtype, payload = recv_msg(client)
    print 'client: type=%d payload=%r' % (rtype, payload)
print 'header bytes:', repr(struct.pack(HEADER, 0xCAFE, 1, 4))
print 'header size:', HSIZE
client.close()
t.join()
server.close()
