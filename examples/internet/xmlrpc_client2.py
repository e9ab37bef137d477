# -*- coding: utf-8 -*-
"""The same in Python 2 with xmlrpclib: xmlrpc_client2.py URL A B"""
import sys
import xmlrpclib

proxy = xmlrpclib.ServerProxy(sys.argv[1])
print 'sum:', proxy.sum(int(sys.argv[2]), int(sys.argv[3]))
