#!/usr/bin/env python3
"""Line echo server on asyncio.start_server (Python 3): one coroutine per client.

Every line a client sends comes back unchanged. The line "shutdown" stops the server: that
client gets "shutting down" back, the server stops accepting, waits for the open connections
to finish, closes and exits with status 0.

Run:
    ./pysock run examples/asyncio/echo_server.py [HOST [PORT]] [--max-clients N] [--quiet]
    python3 examples/asyncio/echo_server.py [HOST [PORT]] [--max-clients N] [--quiet]

HOST defaults to 127.0.0.1 and PORT to 8888; PORT 0 picks a free port. When ready it prints
"listening on HOST:PORT" with the real port. With --max-clients N it also stops after N clients
have been served. --quiet leaves out the per-connection lines.
Clients: examples/asyncio/echo_client.py, or examples/socketserver/echo_client.py.
"""
import asyncio
import sys


async def main(host, port, max_clients, quiet):
    stop = asyncio.Event()
    served = 0
    active = set()

    async def handle(reader, writer):
        nonlocal served
        active.add(asyncio.current_task())
        peer = writer.get_extra_info("peername")
        if not quiet:
            print("connection from %s:%d" % peer[:2], flush=True)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                if line.strip() == b"shutdown":
                    writer.write(b"shutting down\n")
                    await writer.drain()
                    stop.set()
                    break
                writer.write(line)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except ConnectionError:
                pass
            served += 1
            active.discard(asyncio.current_task())
            if max_clients is not None and served >= max_clients:
                stop.set()

    server = await asyncio.start_server(handle, host, port)
    sockname = server.sockets[0].getsockname()
    print("listening on %s:%d" % sockname[:2], flush=True)
    async with server:
        await stop.wait()
        server.close()
        others = [t for t in active if t is not asyncio.current_task()]
        if others:
            await asyncio.wait(others, timeout=30)
    print("echo server stopped after %d clients" % served, flush=True)


def parse_args(argv):
    args = [a for a in argv if a != "--quiet"]
    max_clients = None
    if "--max-clients" in args:
        i = args.index("--max-clients")
        max_clients = int(args[i + 1])
        del args[i:i + 2]
    host = args[0] if len(args) > 0 else "127.0.0.1"
    port = int(args[1]) if len(args) > 1 else 8888
    return host, port, max_clients, "--quiet" in argv


if __name__ == "__main__":
    asyncio.run(main(*parse_args(sys.argv[1:])))
