#!/usr/bin/env python3
"""Line echo client (Python 3) for the echo servers in examples/socketserver and examples/asyncio.

Sends each MESSAGE as a line, reads the echoed line and prints "echo: MESSAGE".

Run:
    ./pysock run examples/socketserver/echo_client.py [HOST [PORT [MESSAGE ...]]]
    python3 examples/socketserver/echo_client.py [HOST [PORT [MESSAGE ...]]]

HOST defaults to 127.0.0.1, PORT to 9999, and the messages to "hello" and "world". The message
"shutdown" asks echo_server.py (and examples/asyncio/echo_server.py) to stop; the reply
("shutting down") is printed as it comes. Exits with status 0, or 1 if the server closed early.
"""
import socket
import sys


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 9999
    messages = sys.argv[3:] or ["hello", "world"]
    with socket.create_connection((host, port), timeout=30) as sock:
        reader = sock.makefile("rb")
        for message in messages:
            sock.sendall(message.encode("utf-8") + b"\n")
            reply = reader.readline()
            if not reply:
                print("server closed the connection", flush=True)
                sys.exit(1)
            print("echo: " + reply.decode("utf-8").rstrip("\n"), flush=True)
        sock.shutdown(socket.SHUT_WR)
        reader.close()


if __name__ == "__main__":
    main()
