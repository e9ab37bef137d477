"""A Python handler inside a Java server (HandoffServer.java).

Java accepts each connection and calls handle(conn) with it: conn is a real socket.socket on the
Java socket, with the timeout Java set. The handler echoes each line upper-cased until "quit".
"""

import socket


def handle(conn):
    assert isinstance(conn, socket.socket)
    peer = conn.getpeername()
    conn.sendall(b"hello %s:%d, this is Python\n" % (peer[0].encode(), peer[1]))
    with conn.makefile("rb") as lines:
        for line in lines:
            if line.strip() == b"quit":
                conn.sendall(b"bye\n")
                break
            conn.sendall(line.upper())
    # Java closes the connection when this returns; closing it here would be fine too.
