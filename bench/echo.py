"""asyncio echo round trips over loopback TCP: event-loop + select/epoll + small sends.

Usage: echo.py SECONDS ROUNDS. One asyncio server and 10 clients in one process; each client
sends 100-byte lines and waits for the echo. Prints "echo <best round trips/s> <first round>".
"""
import asyncio
import sys
import time


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


async def client(port, deadline, counter):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    msg = b"x" * 99 + b"\n"
    while time.monotonic() < deadline:
        writer.write(msg)
        await writer.drain()
        if await reader.readline() != msg:
            raise SystemExit("echo mismatch")
        counter[0] += 1
    writer.close()


async def main(seconds, rounds):
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    rates = []
    for _ in range(rounds):
        counter = [0]
        start = time.monotonic()
        deadline = start + seconds
        await asyncio.gather(*(client(port, deadline, counter) for _ in range(10)))
        rates.append(counter[0] / (time.monotonic() - start))
    server.close()
    await server.wait_closed()
    print("echo %.0f %.0f" % (max(rates), rates[0]))


asyncio.run(main(float(sys.argv[1]), int(sys.argv[2])))
