#!/usr/bin/env python
# poplib against a tiny POP3 server (SocketServer).
import SocketServer
import poplib
import threading

MESSAGES = ['Subject: one\r\n\r\nfirst body', 'Subject: two\r\n\r\nsecond\r\nbody']

class POPHandler(SocketServer.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line + '\r\n')

    def handle(self):
        self.send('+OK tiny POP3 ready')
        while True:
            line = self.rfile.readline()
            if not line:
                return
            parts = line.split()
            cmd = parts[0].upper()
            if cmd == 'USER':
                self.send('+OK user %s' % parts[1])
            elif cmd == 'PASS':
                self.send('+OK logged in')
            elif cmd == 'STAT':
                self.send('+OK %d %d' % (len(MESSAGES), sum(len(m) for m in MESSAGES)))
            elif cmd == 'LIST':
                self.send('+OK scan listing')
                for i, m in enumerate(MESSAGES):
                    self.send('%d %d' % (i + 1, len(m)))
                self.send('.')
            elif cmd == 'RETR':
                m = MESSAGES[int(parts[1]) - 1]
                self.send('+OK %d octets' % len(m))
                for l in m.split('\r\n'):
                    self.send(l)
                self.send('.')
            elif cmd == 'QUIT':
                self.send('+OK bye')
                return
            else:
                self.send('-ERR unknown')

server = SocketServer.TCPServer(('127.0.0.1', 0), POPHandler)
t = threading.Thread(target=server.handle_request)
t.start()
p = poplib.POP3('127.0.0.1', server.server_address[1])
print p.getwelcome()
print p.user('bob')
print p.pass_('secret')
print p.stat()
print p.list()
resp, lines, octets = p.retr(2)
print resp, lines, octets
print p.quit()
t.join()
server.server_close()
