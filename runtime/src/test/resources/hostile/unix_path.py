# An AF_UNIX path can be a host's control socket (a container runtime's): the policy decides.
import socket, sys
from _report import attempt

def connect():
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(sys.argv[1])
        return "connected"
    finally:
        s.close()

attempt("connect " + sys.argv[1].rsplit("/", 1)[1], connect)
attempt("socketpair", lambda: len(socket.socketpair()))
