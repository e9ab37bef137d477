# A socket handed to Java (java.export) must keep its run's network policy.
import socket, sys
from pysock import java
from _report import attempt

port = int(sys.argv[1])
s = socket.socket()
java.export("escape", s)
s.settimeout(5)
attempt("connect after export", lambda: s.connect(("127.0.0.1", port)) or "connected")
s.close()
