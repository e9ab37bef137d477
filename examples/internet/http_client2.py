# -*- coding: utf-8 -*-
"""The same in Python 2: httplib, urllib and urllib2 (plain http): http_client2.py URL"""
import sys
import httplib
import urllib
import urllib2
import urlparse

url = sys.argv[1]
parts = urlparse.urlsplit(url)
conn = httplib.HTTPConnection(parts.hostname, parts.port, timeout=30)
conn.request('GET', parts.path)
response = conn.getresponse()
print 'httplib:', response.status, response.reason, response.read()
conn.close()
print 'urllib:', urllib.urlopen(url).read()
try:
    urllib2.urlopen(url + '/missing', timeout=30)
except urllib2.HTTPError, e:
    print 'urllib2: HTTPError', e.code
print 'urllib2:', urllib2.urlopen(urllib2.Request(url, headers={'X-Test': 'py2'}), timeout=30).read()
