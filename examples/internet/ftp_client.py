"""Upload, list and download with ftplib, then download again through urllib:
ftp_client.py HOST PORT USER PASSWORD [CAFILE]

With CAFILE the session is FTP_TLS (AUTH TLS, then PROT P: the data connections are encrypted too).
Peer: any FTP server; the tests use Apache FtpServer.
"""
import ftplib
import io
import ssl
import sys
import urllib.request

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if len(sys.argv) > 5:
    ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=sys.argv[5]), timeout=30)
else:
    ftp = ftplib.FTP(timeout=30)
print(ftp.connect(host, port).split()[0])
ftp.login(user, password)
if isinstance(ftp, ftplib.FTP_TLS):
    ftp.prot_p()
ftp.storlines("STOR hello.txt", io.BytesIO(b"hello over ftp\nsecond line\n"))
print("listing:", ftp.nlst())
lines = []
ftp.retrlines("RETR hello.txt", lines.append)
print("ftplib:", lines)
ftp.quit()
if len(sys.argv) <= 5:  # urllib's ftp handler has no TLS
    with urllib.request.urlopen("ftp://%s:%s@%s:%d/hello.txt" % (user, password, host, port), timeout=30) as f:
        print("urllib:", f.read().decode().splitlines())
