#!/usr/bin/env python3
"""Chat client on select.select() over stdin and the socket (Python 3).

Lines typed on stdin go to the chat server; lines from the server (the other clients' lines)
are printed as they arrive.

Run:
    ./pysock run examples/select/chat_client.py [HOST [PORT]]
    python3 examples/select/chat_client.py [HOST [PORT]]

HOST defaults to 127.0.0.1 and PORT to 5000 (examples/select/chat_server.py's defaults). It
prints "connected to HOST:PORT" once connected. At the end of stdin (Ctrl-D, or the end of a
pipe) it shuts down its sending side, prints whatever the server still sends until the server
closes the connection (at most 10 s), then closes and exits with status 0. Sending the line
"/shutdown" stops the server. If the server goes away first, the client says so and exits 0.
"""
import os
import select
import socket
import sys

DRAIN_LIMIT = 10.0  # seconds to wait for the server to close after our end of stdin


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    sock = socket.create_connection((host, port), timeout=10)
    sock.settimeout(None)
    print("connected to %s:%d" % (host, port), flush=True)

    stdin_fd = sys.stdin.fileno()
    inputs = [sys.stdin, sock]
    while True:
        timeout = None if sys.stdin in inputs else DRAIN_LIMIT
        readable, _, _ = select.select(inputs, [], [], timeout)
        if not readable:
            print("server did not close the connection within %d s" % DRAIN_LIMIT, flush=True)
            break
        if sock in readable:
            data = sock.recv(4096)
            if not data:
                if sys.stdin in inputs:
                    print("disconnected from chat server", flush=True)
                break
            sys.stdout.write(data.decode("utf-8", "replace"))
            sys.stdout.flush()
        if sys.stdin in readable:
            # Read what is there, not a line: a buffered readline() could keep typed lines in a
            # buffer that select() does not see.
            chunk = os.read(stdin_fd, 4096)
            if chunk:
                sock.sendall(chunk)
            else:
                inputs.remove(sys.stdin)  # end of input: let the server close, print what is left
                sock.shutdown(socket.SHUT_WR)
    sock.close()


if __name__ == "__main__":
    main()
