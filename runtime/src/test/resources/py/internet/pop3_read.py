"""poplib plain: pop3_read.py HOST PORT USER PASSWORD"""
import poplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
p = poplib.POP3(host, port, timeout=30)
print("welcome", p.getwelcome()[:3].decode())
p.user(user)
p.pass_(password)
count, size = p.stat()
print("stat", count)
resp, lines, octets = p.retr(count)
text = b"\n".join(lines).decode()
print("subject", [l for l in text.splitlines() if l.startswith("Subject:")][0])
print("dot", ".leading dot" in text)
p.quit()
