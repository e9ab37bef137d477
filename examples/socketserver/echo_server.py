#!/usr/bin/env python3
"""Line echo server on socketserver.ThreadingTCPServer (Python 3): one thread per client.

Every line a client sends comes back unchanged. The line "shutdown" stops the server: that
client gets "shutting down" back, and the server stops accepting, waits for the other
clients' threads to end, closes its socket and exits with status 0.

Run:
    ./pysock run examples/socketserver/echo_server.py [HOST [PORT]] [--max-clients N] [--quiet]
    python3 examples/socketserver/echo_server.py [HOST [PORT]] [--max-clients N] [--quiet]

HOST defaults to 127.0.0.1 and PORT to 9999; PORT 0 picks a free port. When ready it prints
"listening on HOST:PORT" with the real server_address. With --max-clients N it also stops after
N clients have been served. --quiet leaves out the per-connection lines.
Client: examples/socketserver/echo_client.py.
"""
import socketserver
import sys
import threading


class EchoHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        if not server.quiet:
            print("connection from %s:%d" % self.client_address[:2], flush=True)
        for line in self.rfile:
            if line.strip() == b"shutdown":
                self.wfile.write(b"shutting down\n")
                server.stop()
                return
            self.wfile.write(line)

    def finish(self):
        super().finish()
        self.server.client_done()


class EchoServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = False  # server_close() waits for the handler threads
    block_on_close = True

    def __init__(self, address, max_clients=None, quiet=False):
        super().__init__(address, EchoHandler)
        self.max_clients = max_clients
        self.quiet = quiet
        self.served = 0
        self._lock = threading.Lock()
        self._stopping = False

    def client_done(self):
        with self._lock:
            self.served += 1
            done = self.max_clients is not None and self.served >= self.max_clients
        if done:
            self.stop()

    def stop(self):
        # shutdown() waits for serve_forever() to return; serve_forever() runs in the main
        # thread, so ask from a separate thread and let this handler finish.
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        threading.Thread(target=self.shutdown, daemon=True).start()


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    max_clients = None
    if "--max-clients" in args:
        i = args.index("--max-clients")
        max_clients = int(args[i + 1])
        del args[i:i + 2]
    host = args[0] if len(args) > 0 else "127.0.0.1"
    port = int(args[1]) if len(args) > 1 else 9999

    with EchoServer((host, port), max_clients, quiet) as server:
        print("listening on %s:%d" % server.server_address[:2], flush=True)
        server.serve_forever(poll_interval=0.5)
    print("echo server stopped after %d clients" % server.served, flush=True)


if __name__ == "__main__":
    main()
