"""A websockets client: text, binary, ping, then tells the server to stop.

Usage: ws_client.py [URI]   (default ws://127.0.0.1:8765; the peer: ws_echo_server.py)
"""
import asyncio
import sys

import websockets


async def main(uri):
    async with websockets.connect(uri) as ws:
        await ws.send("hello \u4e16\u754c")
        print("echo:", await ws.recv())
        await ws.send(bytes(range(8)))
        print("echo:", await ws.recv())
        await asyncio.wait_for(await ws.ping(), 10)
        print("pong")
        await ws.send("shutdown")
    print("closed with code", ws.close_code)


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8765"))
