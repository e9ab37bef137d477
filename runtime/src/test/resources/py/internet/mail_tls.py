"""smtplib SMTP_SSL, poplib POP3_SSL, imaplib IMAP4_SSL with a verified certificate:
mail_tls.py CAFILE SMTPS_PORT POP3S_PORT IMAPS_PORT USER PASSWORD"""
import imaplib
import poplib
import smtplib
import ssl
import sys

cafile, smtps, pop3s, imaps, user, password = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP_SSL("localhost", int(smtps), context=ctx, timeout=30) as s:
    print("SMTP_SSL ehlo", s.ehlo()[0], s.sock.version() is not None)
    s.sendmail("alice@localhost", ["bob@localhost"], "Subject: over tls\r\n\r\nsecret body\r\n")
p = poplib.POP3_SSL("localhost", int(pop3s), context=ctx, timeout=30)
p.user(user)
p.pass_(password)
count, _ = p.stat()
lines = p.retr(count)[1]
print("POP3_SSL", b"Subject: over tls" in lines, b"secret body" in lines)
p.quit()
m = imaplib.IMAP4_SSL("localhost", int(imaps), ssl_context=ctx, timeout=30)
print("IMAP4_SSL login", m.login(user, password)[0])
typ, data = m.select("INBOX")
typ, data = m.search(None, '(SUBJECT "over tls")')
print("IMAP4_SSL search", typ, len(data[0].split()) >= 1)
m.logout()
