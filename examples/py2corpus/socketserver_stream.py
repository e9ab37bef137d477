#!/usr/bin/env python
# SocketServer.ThreadingTCPServer with a StreamRequestHandler: a line-based command server.
import SocketServer
import socket
import threading

class CommandHandler(SocketServer.StreamRequestHandler):
    def handle(self):
        self.wfile.write('220 ready\r\n')
        while True:
            line = self.rfile.readline()
            if not line:
                break
            cmd = line.strip()
            if cmd == 'QUIT':
                self.wfile.write('221 bye\r\n')
                break
            elif cmd.startswith('ECHO '):
                self.wfile.write('200 ' + cmd[5:] + '\r\n')
            elif cmd == 'LEN':
                self.wfile.write('200 %d\r\n' % len(line))
            else:
                self.wfile.write('500 unknown command %r\r\n' % cmd)

class Server(SocketServer.ThreadingTCPServer):
    allow_reuse_address = True

server = Server(('127.0.0.1', 0), CommandHandler)
t = threading.Thread(target=server.serve_forever)
t.setDaemon(True)
t.start()

sock = socket.create_connection(server.server_address)
f = sock.makefile('rb')
print f.readline().rstrip()
for cmd in ['ECHO hello there', 'LEN', 'FOO', 'QUIT']:
    sock.sendall(cmd + '\r\n')
    print f.readline().rstrip()
f.close()
sock.close()
server.shutdown()
server.server_close()
