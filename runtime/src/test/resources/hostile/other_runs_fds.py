# Descriptor numbers are per run: another run's number reaches nothing here.
import socket, sys
from _report import attempt

fd = int(sys.argv[1])
attempt("socket(fileno=N)", lambda: socket.socket(fileno=fd))
attempt("socket.close(N)", lambda: socket.close(fd))
attempt("fromfd(N)", lambda: socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM))
