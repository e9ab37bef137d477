#!/usr/bin/env python
# A tiny RPC: cPickle'd requests and replies with a 4-byte length prefix.
import cPickle
import pickle
import socket
import struct
import threading

def send_obj(sock, obj):
    data = cPickle.dumps(obj, cPickle.HIGHEST_PROTOCOL)
    sock.sendall(struct.pack('!i', len(data)) + data)

def recv_obj(sock):
    size = struct.unpack('!i', sock.recv(4))[0]
    data = ''
    while len(data) < size:
        data += sock.recv(size - len(data))
    return cPickle.loads(data)

FUNCS = {'add': lambda a, b: a + b, 'upper': lambda s: s.upper(), 'sum': sum}

a, b = socket.socketpair()

def server():
    while True:
        req = recv_obj(b)
        if req is None:
            break
        name, args = req
        try:
            send_obj(b, ('ok', FUNCS[name](*args)))
        except Exception, e:
            send_obj(b, ('error', '%s: %s' % (e.__class__.__name__, e)))

t = threading.Thread(target=server)
t.start()
for call in [('add', (2, 3)), ('upper', ('pickled',)), ('sum', ([1, 2, 3.5],)), ('nope', ()), ('add', (1, 'x'))]:
    send_obj(a, call)
    print call[0], recv_obj(a)
send_obj(a, None)
t.join()
print pickle.loads(pickle.dumps({'k': [1, 2, (3, 4)]}))
print type(cPickle.dumps([1, 2])).__name__, cPickle.loads(cPickle.dumps('text'))
