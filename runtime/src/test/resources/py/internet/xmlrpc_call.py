"""xmlrpc.client against a Java server: xmlrpc_call.py URL"""
import sys
import xmlrpc.client

proxy = xmlrpc.client.ServerProxy(sys.argv[1])
print("sum", proxy.sum(1, 2, 39))
print("unknown", proxy.other(7))
print("roundtrip", xmlrpc.client.loads(xmlrpc.client.dumps(({"a": [1, 2.5, "x<&>y"]},)))[0][0])
