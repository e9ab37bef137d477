"""imaplib plain: imap_read.py HOST PORT USER PASSWORD"""
import imaplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
m = imaplib.IMAP4(host, port, timeout=30)
print("login", m.login(user, password)[0])
typ, data = m.select("INBOX")
print("select", typ, int(data[0]) >= 1)
typ, data = m.search(None, '(SUBJECT "hello over smtplib")')
ids = data[0].split()
typ, data = m.fetch(ids[-1], "(BODY[HEADER.FIELDS (SUBJECT)])")
print("fetch", data[0][1].decode().strip())
m.logout()
