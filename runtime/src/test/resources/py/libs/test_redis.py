"""redis-py (Debian's package, unchanged) against redis-server: strings, counters, pipelines,
hashes with 100 KB values, pub/sub, connection errors. Arguments: PORT CLOSED_PORT.
"""
import sys
import threading
import time

import redis

port, closed = int(sys.argv[1]), int(sys.argv[2])
print("redis-py", redis.__version__)
r = redis.Redis(host="127.0.0.1", port=port, db=1, socket_timeout=10, decode_responses=True)
print("ping:", r.ping())
r.flushdb()

# strings and counters
print("set/get:", r.set("greeting", "gr\u00fc\u00df dich \u4e16\u754c"), r.get("greeting"))
print("missing:", r.get("nope"))
print("set nx/ex:", r.set("once", "1", nx=True, ex=60), r.set("once", "2", nx=True), 0 < r.ttl("once") <= 60)
print("counters:", r.incr("hits"), r.incrby("hits", 41), r.decr("hits"), r.incrbyfloat("ratio", 0.5))
print("mset/mget:", r.mset({"a": "1", "b": "2"}), r.mget("a", "b", "c"))
print("append/strlen:", r.append("greeting", "!"), r.strlen("greeting"))

# pipelines: transactional and not
with r.pipeline() as p:
    p.set("p1", "x").incr("pc").incr("pc").get("p1").lpush("plist", 1, 2, 3).lrange("plist", 0, -1)
    print("pipeline (MULTI/EXEC):", p.execute())
with r.pipeline(transaction=False) as p:
    for i in range(100):
        p.rpush("numbers", i)
    p.llen("numbers")
    print("pipeline of 101 commands:", p.execute()[-1])

# hashes with 100 KB values (raw bytes through a second client)
rb = redis.Redis(host="127.0.0.1", port=port, db=1, socket_timeout=10)
big = bytes((i * 13) % 256 for i in range(100 * 1024))
rb.hset("files", mapping={"one": big, "two": big[::-1], "name": "pysock".encode()})
print("hash lengths:", sorted((k.decode(), len(v)) for k, v in rb.hgetall("files").items()))
print("hash values intact:", rb.hget("files", "one") == big, rb.hget("files", "two") == big[::-1])
print("hash fields:", sorted(r.hkeys("files")), r.hexists("files", "one"), r.hlen("files"))

# pub/sub: a subscriber on this thread, a publisher on another
ps = r.pubsub()
ps.subscribe("news")
ps.psubscribe("alerts.*")
first = [ps.get_message(timeout=5) for _ in range(2)]
print("subscribed:", sorted((m["type"], m["channel"]) for m in first))


def publish():
    pub = redis.Redis(host="127.0.0.1", port=port, db=1, socket_timeout=10)
    for ch, msg in [("news", "first"), ("alerts.fire", "\u706b\u4e8b"), ("other", "ignored"), ("news", "last")]:
        pub.publish(ch, msg)
    pub.close()


threading.Thread(target=publish).start()
received = []
deadline = time.time() + 10
while len(received) < 3 and time.time() < deadline:
    m = ps.get_message(ignore_subscribe_messages=True, timeout=1)
    if m:
        received.append((m["type"], m["channel"], m["data"]))
print("pub/sub:", received)
ps.close()

# errors
try:
    r.execute_command("NOSUCHCOMMAND")
except redis.ResponseError as e:
    print("bad command:", type(e).__name__, str(e).split(",")[0])
try:
    r.lpush("greeting", "x")
except redis.ResponseError as e:
    print("wrong type:", str(e).split(" ")[0])
try:
    redis.Redis(host="127.0.0.1", port=closed, socket_connect_timeout=5).ping()
except redis.ConnectionError as e:
    print("refused:", type(e).__name__, "Connection refused" in str(e))
print("keys:", sorted(r.keys("*")))
r.close()
rb.close()
print("done")
