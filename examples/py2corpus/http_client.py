#!/usr/bin/env python
# urllib2 fetching two pages from the BaseHTTPServer.
import urllib2

for name in ['world', 'python2']:
    f = urllib2.urlopen('http://127.0.0.1:50080/' + name)
    print f.code, f.info().getheader('Content-type'), f.info().gettype()
    print f.read().strip()
    f.close()
