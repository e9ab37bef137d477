#!/usr/bin/env python
# The low-level thread module: one thread per client, a lock around shared state.
import socket
import thread
import time

lock = thread.allocate_lock()
log = []
done = []

def client_thread(conn, n):
    data = conn.recv(1024)
    conn.send('you are client %d, you said: %s' % (n, data))
    conn.close()
    lock.acquire()
    log.append((n, data))
    done.append(n)
    lock.release()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 50123))
s.listen(5)

def acceptor():
    for n in range(3):
        conn, addr = s.accept()
        thread.start_new_thread(client_thread, (conn, n))

thread.start_new_thread(acceptor, ())
for word in ['alpha', 'beta', 'gamma']:
    c = socket.socket()
    c.connect(('127.0.0.1', 50123))
    c.send(word)
    print c.recv(1024)
    c.close()
while len(done) < 3:
    time.sleep(0.01)
s.close()
print sorted(log)
