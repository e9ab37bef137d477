"""ftplib FTP_TLS with prot_p, passive and active: ftp_tls.py HOST PORT USER PASSWORD CAFILE"""
import ftplib
import io
import ssl
import sys

host, port, user, password, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
payload = b"over tls " * 5000
for passive in (True, False):
    ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=cafile), timeout=30)
    ftp.connect(host, port)
    ftp.auth()
    ftp.login(user, password)
    ftp.prot_p()
    ftp.set_pasv(passive)
    name = "tls-%s.bin" % ("pasv" if passive else "port")
    ftp.storbinary("STOR " + name, io.BytesIO(payload))
    got = io.BytesIO()
    ftp.retrbinary("RETR " + name, got.write)
    print("passive" if passive else "active", ftp.sock.version() is not None, name in ftp.nlst(),
          got.getvalue() == payload)
    ftp.quit()
