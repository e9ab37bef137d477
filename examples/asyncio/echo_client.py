#!/usr/bin/env python3
"""Line echo client on asyncio.open_connection (Python 3).

Sends each MESSAGE as a line, reads the echoed line and prints "echo: MESSAGE".

Run:
    ./pysock run examples/asyncio/echo_client.py [HOST [PORT [MESSAGE ...]]]
    python3 examples/asyncio/echo_client.py [HOST [PORT [MESSAGE ...]]]

HOST defaults to 127.0.0.1, PORT to 8888 (examples/asyncio/echo_server.py's default), and the
messages to "hello" and "world". The message "shutdown" stops the echo server; its reply
("shutting down") is printed. Each step waits at most 30 s. Exits with status 0, or 1 if the
server closed early.
"""
import asyncio
import sys

STEP = 30  # seconds


async def main(host, port, messages):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), STEP)
    try:
        for message in messages:
            writer.write(message.encode("utf-8") + b"\n")
            await writer.drain()
            reply = await asyncio.wait_for(reader.readline(), STEP)
            if not reply:
                print("server closed the connection", flush=True)
                return 1
            print("echo: " + reply.decode("utf-8").rstrip("\n"), flush=True)
        writer.write_eof()
        await asyncio.wait_for(reader.read(), STEP)  # until the server closes its side
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass
    return 0


if __name__ == "__main__":
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8888
    sys.exit(asyncio.run(main(host, port, sys.argv[3:] or ["hello", "world"])))
