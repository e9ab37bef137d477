"""ftplib plain, passive and active: ftp_session.py HOST PORT USER PASSWORD"""
import ftplib
import io
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
payload = bytes(range(256)) * 400
for passive in (True, False):
    ftp = ftplib.FTP(timeout=30)
    ftp.connect(host, port)
    ftp.login(user, password)
    ftp.set_pasv(passive)
    name = "data-%s.bin" % ("pasv" if passive else "port")
    ftp.storbinary("STOR " + name, io.BytesIO(payload))
    got = io.BytesIO()
    ftp.retrbinary("RETR " + name, got.write)
    names = ftp.nlst()
    print("passive" if passive else "active", name in names, got.getvalue() == payload, ftp.size(name))
    ftp.quit()
