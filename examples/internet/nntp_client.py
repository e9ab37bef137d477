"""Read and post news with nntplib: nntp_client.py HOST PORT [CAFILE]

With CAFILE the connection is NNTP over TLS (NNTP_SSL, port 563 by convention).
Peer: any NNTP server; the tests use the small RFC 3977 server in the test tree (group pysock.test).
"""
import ssl
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # nntplib is deprecated in 3.12 (PEP 594)
    import nntplib

host, port = sys.argv[1], int(sys.argv[2])
if len(sys.argv) > 3:
    news = nntplib.NNTP_SSL(host, port, ssl_context=ssl.create_default_context(cafile=sys.argv[3]), timeout=30)
else:
    news = nntplib.NNTP(host, port, timeout=30)
print("welcome", news.getwelcome().split()[0])
resp, count, first, last, name = news.group("pysock.test")
print("group", name, "articles", first, "to", last)
resp, overviews = news.over((first, last))
for number, over in overviews:
    print("over", number, over["subject"], over["from"])
resp, article = news.article(first)
print("article", article.number, article.message_id, article.lines[-1].decode())
news.post(b"From: bob@localhost\r\nNewsgroups: pysock.test\r\nSubject: posted by nntplib\r\n\r\n"
          b".a line starting with a dot\r\nbye\r\n")
resp, count2, first, last, name = news.group("pysock.test")
resp, body = news.body(last)
print("posted", count2 - count, [line.decode() for line in body.lines])
news.quit()
