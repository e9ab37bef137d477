"""A websockets echo server (asyncio), the peer of ws_client.py.

Usage: ws_echo_server.py [HOST [PORT]]   (default 127.0.0.1 8765; port 0 picks a free one)
It prints "listening on HOST:PORT" and stops when a client sends "shutdown".
"""
import asyncio
import sys

import websockets


async def main(host, port):
    stop = asyncio.Event()

    async def echo(ws, path=None):
        shutdown = False
        async for message in ws:
            if message == "shutdown":
                shutdown = True  # stop once this client has closed, so it closes normally (1000)
            else:
                await ws.send(message)
        if shutdown:
            stop.set()

    async with websockets.serve(echo, host, port) as server:
        print("listening on %s:%d" % server.sockets[0].getsockname()[:2], flush=True)
        await stop.wait()
    print("server stopped")


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1",
                 int(sys.argv[2]) if len(sys.argv) > 2 else 8765))
