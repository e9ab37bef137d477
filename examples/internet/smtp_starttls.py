"""Send mail over SMTP with STARTTLS and AUTH: smtp_starttls.py HOST PORT CAFILE

Peer: an SMTP server offering STARTTLS and AUTH PLAIN (user bob, password secret); the tests use the
small RFC 5321/3207 server in the test tree (GreenMail has no STARTTLS).
"""
import smtplib
import ssl
import sys

host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with smtplib.SMTP(host, port, timeout=30) as s:
    s.ehlo()
    print("advertised", s.has_extn("starttls"))
    code, _ = s.starttls(context=ssl.create_default_context(cafile=cafile))
    print("starttls", code, s.sock.version() is not None)
    s.ehlo()
    s.login("bob", "secret")
    s.sendmail("alice@localhost", ["bob@localhost"], "Subject: starttls\r\n\r\n.dot line\r\nbody\r\n")
    print("sent")
