"""smtplib plain: smtp_send.py HOST PORT"""
import smtplib
import sys
from email.message import EmailMessage

host, port = sys.argv[1], int(sys.argv[2])
msg = EmailMessage()
msg["From"] = "alice@localhost"
msg["To"] = "bob@localhost"
msg["Subject"] = "hello over smtplib"
msg.set_content("line one\n.leading dot\nlast line\n")
with smtplib.SMTP(host, port, timeout=30) as s:
    code, banner = s.ehlo()
    print("ehlo", code)
    s.send_message(msg)
    print("sent")
