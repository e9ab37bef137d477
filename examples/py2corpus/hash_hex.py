#!/usr/bin/env python
# Hash what a client sends: hashlib and hmac on str, hex digests both ways.
import socket
import threading
import hashlib
import hmac

SECRET = 'sekrit-key'

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('127.0.0.1', 0))
srv.listen(1)
port = srv.getsockname()[1]

def serve():
    conn, addr = srv.accept()
    data = conn.recv(1024)
    print 'server got', len(data), 'bytes'
    digest = hashlib.sha256(data).digest()
    mac = hmac.new(SECRET, data, hashlib.sha1).hexdigest()
    conn.sendall(digest + mac)
    conn.close()

t = threading.Thread(target=serve)
t.start()

c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(('127.0.0.1', port))
c.sendall('hello, world')
reply = ''
while True:
    chunk = c.recv(4096)
    if not chunk:
        break
    reply += chunk
c.close()
t.join()
srv.close()

print 'reply length', len(reply)
digest, mac = reply[:32], reply[32:]
print 'sha256', digest.encode('hex')
print 'check ', hashlib.sha256('hello, world').hexdigest()
print 'same? ', digest == hashlib.sha256('hello, world').digest()
print 'hmac  ', mac
print 'md5   ', hashlib.md5('hello, world').hexdigest()
h = hashlib.new('sha1')
h.update('hello, ')
h.update('world')
print 'sha1  ', h.hexdigest(), h.digest_size
print 'hmac md5 default', hmac.new('key', 'msg').hexdigest()
