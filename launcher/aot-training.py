# -*- coding: UTF-8 -*-
# The training run for the launcher's AOT cache (see ./pysock and docs/startup.md): what the JVM
# loads and links while this runs is what the cache holds, so it does what a short socket script
# does (the tutorial's client and server, on loopback only) and needs no network or server.
import socket
import select

host = socket.gethostname()
socket.getaddrinfo("127.0.0.1", 0, 0, socket.SOCK_STREAM)
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(5)
client = socket.socket()
client.settimeout(10)
client.connect(server.getsockname())
conn, addr = server.accept()
conn.send("欢迎访问菜鸟教程！".encode("utf-8"))
select.select([client], [], [], 10)
text = client.recv(1024).decode("utf-8")
conn.close()
client.close()
server.close()
a, b = socket.socketpair()
with a, b:
    a.sendall(b"ping")
    assert b.recv(4) == b"ping"
print(text, addr[0], bool(host))
