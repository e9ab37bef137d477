#!/usr/bin/env python
# Reading a line protocol through socket.makefile: readline, iteration, write + flush.
import socket
import threading

srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)

def server():
    conn, _ = srv.accept()
    f = conn.makefile('rw')
    f.write('HELLO 1.0\n')
    f.flush()
    name = f.readline().strip()
    for i in range(3):
        f.write('line %d for %s\n' % (i, name))
    f.write('END\n')
    f.flush()
    f.close()
    conn.close()

t = threading.Thread(target=server)
t.start()
c = socket.socket()
c.connect(srv.getsockname())
rf = c.makefile('r')
wf = c.makefile('w')
print repr(rf.readline())
wf.write('corpus\n')
wf.flush()
for line in rf:
    line = line.rstrip('\n')
    if line == 'END':
        break
    print line, len(line)
rf.close()
wf.close()
c.close()
t.join()
srv.close()
