"""paho-mqtt (Debian's package, unchanged) against mosquitto: wildcards, QoS 0 and 1, UTF-8.

Both client styles: a network thread (loop_start) and the caller's loop (loop_forever).
Argument: the broker's port on 127.0.0.1.
"""
import queue
import sys

import time

import paho.mqtt
import paho.mqtt.client as mqtt

port = int(sys.argv[1])
print("paho-mqtt", paho.mqtt.__version__)
tag = "run%d" % id(object())  # topics of this run only: the broker is shared by the runs compared

# Style 1: loop_start (paho's own network thread), a subscriber with wildcards
got = queue.Queue()
connected = queue.Queue()
sub = mqtt.Client(client_id=tag + "-sub", clean_session=True)
sub.on_connect = lambda c, u, flags, rc: connected.put(rc)
sub.on_message = lambda c, u, m: got.put((m.topic.replace(tag, "T"), m.payload.decode("utf-8"), m.qos))
sub.connect("127.0.0.1", port, keepalive=30)
sub.loop_start()
print("subscriber connected, rc", connected.get(timeout=10))
subscribed = queue.Queue()
sub.on_subscribe = lambda c, u, mid, granted: subscribed.put(list(granted))
result, mid = sub.subscribe([(tag + "/sensors/#", 1), (tag + "/+/status", 0)])
print("subscribe:", result == mqtt.MQTT_ERR_SUCCESS, "granted QoS", subscribed.get(timeout=10))

pub = mqtt.Client(client_id=tag + "-pub")
pub.on_connect = lambda c, u, flags, rc: connected.put(rc)
pub.connect("127.0.0.1", port, keepalive=30)
pub.loop_start()
print("publisher connected, rc", connected.get(timeout=10))
infos = [
    pub.publish(tag + "/sensors/kitchen/temperature", "21.5", qos=0),
    pub.publish(tag + "/sensors/capteurs/temp\u00e9rature", "21,5 \u00b0C", qos=1),
    pub.publish(tag + "/door/status", "\u958b\u3044\u3066\u3044\u308b", qos=0),
    pub.publish(tag + "/door/other", "not subscribed", qos=1),
    pub.publish(tag + "/sensors/big", "x" * 100000, qos=1),
]
for info in infos:
    info.wait_for_publish()
print("published:", [info.rc for info in infos], "QoS 1 acknowledged:", infos[1].is_published())
messages = sorted(got.get(timeout=10) for _ in range(4))
for topic, payload, qos in messages:
    print("  received", topic, payload if len(payload) < 50 else "%d bytes" % len(payload), "qos", qos)
time.sleep(0.3)
print("nothing else:", got.empty())
pub.loop_stop()
pub.disconnect()
sub.loop_stop()
sub.disconnect()

# Style 2: loop_forever in the caller's thread, ended by disconnect() from a callback
seen = []


def on_connect(c, userdata, flags, rc):
    c.subscribe(tag + "/forever/#", qos=1)


def on_subscribe(c, userdata, mid, granted):
    print("loop_forever: subscribed, granted QoS", list(granted))
    for i in range(3):
        c.publish(tag + "/forever/%d" % i, "message %d \u2713" % i, qos=1)


def on_message(c, userdata, m):
    seen.append((m.topic.replace(tag, "T"), m.payload.decode()))
    if len(seen) == 3:
        c.disconnect()


loop = mqtt.Client(client_id=tag + "-forever")
loop.on_connect, loop.on_subscribe, loop.on_message = on_connect, on_subscribe, on_message
loop.connect("127.0.0.1", port, keepalive=30)
loop.loop_forever(timeout=1.0)
print("loop_forever returned:", sorted(seen))

# A refused connection
try:
    mqtt.Client().connect("127.0.0.1", int(sys.argv[2]), keepalive=5)
except OSError as e:
    print("refused:", type(e).__name__, e.errno)
print("done")
