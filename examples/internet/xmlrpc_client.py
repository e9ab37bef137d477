"""Call an XML-RPC server: xmlrpc_client.py URL A B  (calls sum(A, B))

Peer: any XML-RPC server with a "sum" method; the tests use a JDK HttpServer handler.
"""
import sys
import xmlrpc.client

proxy = xmlrpc.client.ServerProxy(sys.argv[1])
print("sum:", proxy.sum(int(sys.argv[2]), int(sys.argv[3])))
