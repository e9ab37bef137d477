"""Log in to a Telnet server and run commands with telnetlib: telnet_client.py HOST PORT USER PASSWORD

Peer: any telnet server with a "login:" / "Password:" prompt and a "$ " shell prompt; the tests use
the small RFC 854 server in the test tree.
"""
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # telnetlib is deprecated in 3.12 (PEP 594)
    import telnetlib

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with telnetlib.Telnet(host, port, timeout=30) as tn:
    tn.read_until(b"login: ", 30)
    tn.write(user.encode() + b"\n")
    tn.read_until(b"Password: ", 30)
    tn.write(password.encode() + b"\n")
    print(tn.read_until(b"$ ", 30).decode().strip().splitlines()[-2])
    tn.write(b"echo hello from telnetlib\n")
    print(tn.read_until(b"$ ", 30).decode().splitlines()[0])
    tn.write(b"bytes\n")
    print(tn.read_until(b"$ ", 30).splitlines()[0])
    tn.write(b"nosuch\n")
    index, match, text = tn.expect([rb"not found", rb"\$ "], 30)
    print("expect", index, text.decode().splitlines()[0])
    tn.read_until(b"$ ", 30)
    tn.write(b"exit\n")
    print(tn.read_all().decode().strip())
