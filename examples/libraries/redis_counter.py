"""redis-py: a counter, a hash and a pipeline on a Redis server.

Usage: redis_counter.py [HOST [PORT]]   (default 127.0.0.1 6379; the peer: redis-server from
Debian's redis-server package)
"""
import sys

import redis

r = redis.Redis(host=sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1",
                port=int(sys.argv[2]) if len(sys.argv) > 2 else 6379, decode_responses=True, socket_timeout=10)
print("ping:", r.ping())
print("visits:", r.incr("pysock:example:visits"))
r.hset("pysock:example:user", mapping={"name": "Ada", "lang": "Python on Java"})
print("user:", r.hgetall("pysock:example:user"))
with r.pipeline() as p:
    print("pipeline:", p.set("pysock:example:a", 1).incr("pysock:example:a").get("pysock:example:a").execute())
