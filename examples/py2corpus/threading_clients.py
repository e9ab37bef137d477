#!/usr/bin/env python
# threading.Thread subclasses as clients of a threaded server; results gathered in a Queue.
import Queue
import socket
import threading

results = Queue.Queue()

class Server(threading.Thread):
    def __init__(self, count):
        threading.Thread.__init__(self)
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(5)
        self.count = count

    def run(self):
        workers = []
        for i in range(self.count):
            conn, addr = self.sock.accept()
            w = threading.Thread(target=self.serve, args=(conn,))
            w.start()
            workers.append(w)
        for w in workers:
            w.join()
        self.sock.close()

    def serve(self, conn):
        n = int(conn.recv(100))
        conn.sendall(str(n * n))
        conn.close()

class Client(threading.Thread):
    def __init__(self, addr, n):
        threading.Thread.__init__(self)
        self.addr, self.n = addr, n

    def run(self):
        c = socket.create_connection(self.addr)
        c.sendall(str(self.n))
        answer = c.recv(100)
        c.close()
        results.put((self.n, answer))

server = Server(5)
server.start()
clients = [Client(server.sock.getsockname(), n) for n in range(1, 6)]
for c in clients:
    c.start()
for c in clients:
    c.join()
server.join()
out = []
while not results.empty():
    out.append(results.get())
out.sort()
for n, answer in out:
    print '%d squared is %s' % (n, answer)
print 'threads alive:', threading.activeCount()
