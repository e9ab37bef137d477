#!/usr/bin/env python3
"""Multi-client chat server on select.select() (Python 3).

Every line a client sends is broadcast to all the other clients as "[HOST:PORT] line".

Run:
    ./pysock run examples/select/chat_server.py [HOST [PORT]] [--max-clients N]
    python3 examples/select/chat_server.py [HOST [PORT]] [--max-clients N]

HOST defaults to 127.0.0.1 and PORT to 5000 (0 picks a free port). When ready it prints
"listening on HOST:PORT" with the real port. It stops cleanly (exit status 0) when:
  * a client sends the line "/shutdown", or
  * with --max-clients N: N clients have connected (then it stops accepting) and all have left.
Clients: examples/select/chat_client.py (Python 3) or chat_client2.py (Python 2).
"""
import select
import socket
import sys

RECV_SIZE = 4096


def parse_args(argv):
    host, port, max_clients = "127.0.0.1", 5000, None
    positional = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--max-clients":
            max_clients = int(args.pop(0))
        elif a.startswith("--max-clients="):
            max_clients = int(a.split("=", 1)[1])
        else:
            positional.append(a)
    if positional:
        host = positional[0]
    if len(positional) > 1:
        port = int(positional[1])
    return host, port, max_clients


class Client:
    def __init__(self, sock, addr):
        self.sock = sock
        self.name = "%s:%d" % addr[:2]
        self.inbuf = b""
        self.outbuf = b""


def main():
    host, port, max_clients = parse_args(sys.argv[1:])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(10)
    server.setblocking(False)
    print("listening on %s:%d" % server.getsockname()[:2], flush=True)

    clients = {}  # socket -> Client
    accepted = 0
    running = True

    def drop(client):
        del clients[client.sock]
        client.sock.close()
        print("client %s left (%d online)" % (client.name, len(clients)), flush=True)

    def broadcast(sender, text):
        for other in clients.values():
            if other is not sender:
                other.outbuf += text

    while running:
        readers = list(clients)
        if server is not None:
            readers.append(server)
        writers = [c.sock for c in clients.values() if c.outbuf]
        if not readers and not writers:
            break
        readable, writable, _ = select.select(readers, writers, [])

        for s in readable:
            if s is server:
                try:
                    conn, addr = server.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                client = Client(conn, addr)
                clients[conn] = client
                accepted += 1
                print("client %s connected (%d online)" % (client.name, len(clients)), flush=True)
                if max_clients is not None and accepted >= max_clients:
                    server.close()  # no more clients: stop when these have left
                    server = None
                continue
            client = clients.get(s)
            if client is None:
                continue
            try:
                data = s.recv(RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                drop(client)
                continue
            client.inbuf += data
            while b"\n" in client.inbuf:
                line, client.inbuf = client.inbuf.split(b"\n", 1)
                if line.strip() == b"/shutdown":
                    print("shutdown requested by %s" % client.name, flush=True)
                    running = False
                    break
                broadcast(client, b"[" + client.name.encode() + b"] " + line + b"\n")
            if not running:
                break

        for s in writable:
            client = clients.get(s)
            if client is None or not client.outbuf:
                continue
            try:
                sent = s.send(client.outbuf)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                drop(client)
                continue
            client.outbuf = client.outbuf[sent:]

    for client in list(clients.values()):
        client.sock.close()
    if server is not None:
        server.close()
    print("chat server stopped after %d clients" % accepted, flush=True)


if __name__ == "__main__":
    main()
