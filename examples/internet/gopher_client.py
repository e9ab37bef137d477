"""A Gopher client on plain sockets (Python 3 has no gopherlib): gopher_client.py HOST PORT [SELECTOR]

Sends the selector, prints the menu (or the text file) the server answers, as RFC 1436 describes.
Peer: any Gopher server; the tests use the small one in the test tree.
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
selector = sys.argv[3] if len(sys.argv) > 3 else ""
with socket.create_connection((host, port), timeout=30) as s:
    s.sendall(selector.encode() + b"\r\n")
    with s.makefile("rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line == ".":
                break
            if line.startswith(".."):
                line = line[1:]
            if selector.endswith(".txt"):
                print(line)
                continue
            kind, fields = line[:1], line[1:].split("\t")
            label = {"0": "TEXT", "1": "MENU", "7": "SEARCH", "i": "INFO", "3": "ERROR"}.get(kind, kind)
            print("%-6s %-28s %s" % (label, fields[0], fields[1] if len(fields) > 1 else ""))
