#!/usr/bin/env python
# smtplib talking to a tiny SMTP server written with SocketServer.
import SocketServer
import smtplib
import threading

received = []

class SMTPHandler(SocketServer.StreamRequestHandler):
    def handle(self):
        self.wfile.write('220 localhost tiny SMTP\r\n')
        in_data = False
        lines = []
        while True:
            line = self.rfile.readline()
            if not line:
                break
            if in_data:
                if line == '.\r\n':
                    in_data = False
                    received.append('\n'.join(lines))
                    self.wfile.write('250 OK queued\r\n')
                else:
                    lines.append(line.rstrip('\r\n'))
                continue
            verb = line[:4].upper()
            if verb in ('HELO', 'EHLO'):
                self.wfile.write('250 localhost greets %s\r\n' % line[5:].strip())
            elif verb in ('MAIL', 'RCPT', 'RSET', 'NOOP'):
                received.append(line.strip())
                self.wfile.write('250 OK\r\n')
            elif verb == 'DATA':
                in_data = True
                self.wfile.write('354 end with .\r\n')
            elif verb == 'QUIT':
                self.wfile.write('221 bye\r\n')
                break
            else:
                self.wfile.write('502 not implemented\r\n')

server = SocketServer.TCPServer(('127.0.0.1', 0), SMTPHandler)
t = threading.Thread(target=server.handle_request)
t.start()
s = smtplib.SMTP('127.0.0.1', server.server_address[1])
print s.helo('client.example')
print s.noop()
msg = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nHello Bob.\r\n'
print s.sendmail('a@example.com', ['b@example.com'], msg)
print s.quit()
t.join()
server.server_close()
for item in received:
    print '>', item
