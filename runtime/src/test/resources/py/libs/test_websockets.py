"""websockets (Debian's package, unchanged): asyncio server and client on loopback.

Text, binary and 1 MB frames, UTF-8, ping/pong, close codes both ways. With no argument the
server and the client run in one event loop; `--serve` runs the server alone (it prints
"listening PORT" and stops after a client says "shutdown"); `--connect PORT` runs the client
alone, so LibrariesTest can pair a pysock client with a python3 server.
"""
import asyncio
import hashlib
import sys

import websockets


async def handler(ws, path=None):
    try:
        async for message in ws:
            if message == "close-me":
                await ws.close(code=4001, reason="asked to close")
                return
            if message == "shutdown":
                stop.set()
                continue
            if isinstance(message, bytes):
                await ws.send(hashlib.sha256(message).hexdigest()[:16].encode() + b":" + message[:8])
            else:
                await ws.send("echo: " + message)
    except websockets.ConnectionClosed as e:
        print("server saw close:", e.code)


async def client(port):
    uri = "ws://127.0.0.1:%d/chat" % port
    async with websockets.connect(uri, max_size=4 * 1024 * 1024) as ws:
        await ws.send("hello")
        print("text:", await ws.recv())
        await ws.send("gr\u00fc\u00dfe \u4e16\u754c \U0001F600")
        print("utf-8:", await ws.recv())
        await ws.send(bytes(range(256)))
        print("binary:", await ws.recv())
        big = bytes((i * 31) % 256 for i in range(1024 * 1024))
        await ws.send(big)
        print("1 MB frame:", await ws.recv(), "sent", hashlib.sha256(big).hexdigest()[:16])
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        print("ping: pong received")
        await ws.send("close-me")
        try:
            await ws.recv()
        except websockets.ConnectionClosed as e:
            print("closed by server:", type(e).__name__, ws.close_code, ws.close_reason)
    async with websockets.connect(uri) as ws:
        await ws.send("one more")
        print("second connection:", await ws.recv())
    print("client closed normally:", ws.close_code)
    try:
        # Awaited, not `async with`: GraalPy 25.0 calls __aexit__ when __aenter__ raises, and
        # websockets' __aexit__ then fails on the connection it never made (README, "Using libraries").
        await websockets.connect("ws://127.0.0.1:%d/" % closed_port(), open_timeout=5)
    except OSError as e:
        print("refused:", type(e).__name__, e.errno)


def closed_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


async def serve_alone():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await stop.wait()


async def both():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        await client(server.sockets[0].getsockname()[1])


async def connect_alone(port):
    await client(port)
    async with websockets.connect("ws://127.0.0.1:%d/" % port) as ws:
        await ws.send("shutdown")


async def main():
    global stop
    stop = asyncio.Event()
    if sys.argv[1:2] == ["--serve"]:
        await serve_alone()
    elif sys.argv[1:2] == ["--connect"]:
        await connect_alone(int(sys.argv[2]))
    else:
        await both()
    print("done")


asyncio.run(main())
