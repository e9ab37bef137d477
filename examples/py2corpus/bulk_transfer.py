#!/usr/bin/env python
# Sending a large block and reassembling it: ''.join of chunks, md5 of both ends.
import hashlib
import socket
import threading

block = ''.join(chr((i * 7) % 256) for i in xrange(200000))
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)

def sender():
    conn, _ = srv.accept()
    conn.sendall(block)
    conn.shutdown(socket.SHUT_WR)
    print 'peer says', conn.recv(100)
    conn.close()

t = threading.Thread(target=sender)
t.start()
c = socket.create_connection(srv.getsockname())
chunks = []
while True:
    chunk = c.recv(8192)
    if chunk == '':
        break
    chunks.append(chunk)
data = ''.join(chunks)
c.sendall('got %d' % len(data))
c.close()
t.join()
srv.close()
print len(data), hashlib.md5(data).hexdigest() == hashlib.md5(block).hexdigest()
print hashlib.md5(data).hexdigest()
print data[:8] == block[:8], repr(data[250:260])
