"""paho-mqtt: subscribe with a wildcard and publish to it, QoS 1, through an MQTT broker.

Usage: mqtt_pubsub.py [HOST [PORT]]   (default 127.0.0.1 1883; the peer: mosquitto, e.g.
`mosquitto -p 1883` from Debian's mosquitto package)
"""
import queue
import sys

import paho.mqtt.client as mqtt

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 1883
received, subscribed = queue.Queue(), queue.Queue()
client = mqtt.Client(client_id="pysock-example")
client.on_message = lambda c, u, m: received.put((m.topic, m.payload.decode()))
client.on_subscribe = lambda c, u, mid, granted: subscribed.put(granted)
client.connect(host, port, keepalive=30)
client.loop_start()
client.subscribe("pysock/example/#", qos=1)
subscribed.get(timeout=10)
for room, value in [("kitchen", "21.5 \u00b0C"), ("hall", "19.0 \u00b0C")]:
    client.publish("pysock/example/" + room, value, qos=1).wait_for_publish()
for _ in range(2):
    print("received %s: %s" % received.get(timeout=10))
client.loop_stop()
client.disconnect()
