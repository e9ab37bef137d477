"""Send a message with smtplib, then read it back with poplib and imaplib:
mail_client.py HOST SMTP_PORT POP3_PORT IMAP_PORT USER PASSWORD [--ssl CAFILE]

--ssl: SMTP_SSL, POP3_SSL and IMAP4_SSL (the ports are then the TLS ports). For SMTP STARTTLS see
smtp_starttls.py. Peer: any mail server; the tests use GreenMail.
"""
import imaplib
import poplib
import smtplib
import ssl
import sys
from email.message import EmailMessage

host, smtp_port, pop_port, imap_port, user, password = sys.argv[1:7]
mode = sys.argv[7] if len(sys.argv) > 7 else None
context = ssl.create_default_context(cafile=sys.argv[8]) if mode else None

msg = EmailMessage()
msg["From"], msg["To"], msg["Subject"] = "alice@localhost", "%s@localhost" % user, "hello from pysock"
msg.set_content("Sent by smtplib on Java sockets.\n")
smtp = smtplib.SMTP_SSL(host, int(smtp_port), context=context, timeout=30) if mode == "--ssl" \
    else smtplib.SMTP(host, int(smtp_port), timeout=30)
with smtp:
    smtp.send_message(msg)
print("smtplib: sent")

pop = poplib.POP3_SSL(host, int(pop_port), context=context, timeout=30) if mode == "--ssl" \
    else poplib.POP3(host, int(pop_port), timeout=30)
pop.user(user)
pop.pass_(password)
count, size = pop.stat()
subject = [l for l in pop.top(count, 0)[1] if l.startswith(b"Subject:")][0].decode()
print("poplib:", count, "message(s), last:", subject)
pop.quit()

imap = imaplib.IMAP4_SSL(host, int(imap_port), ssl_context=context, timeout=30) if mode == "--ssl" \
    else imaplib.IMAP4(host, int(imap_port), timeout=30)
imap.login(user, password)
imap.select("INBOX")
typ, ids = imap.search(None, '(SUBJECT "hello from pysock")')
print("imaplib:", typ, len(ids[0].split()) >= 1)
imap.logout()
