#!/usr/bin/env python
# URL building and parsing for a request line: urlparse, urllib.quote/unquote/urlencode.
import socket
import urllib
import urlparse

url = 'http://example.com:8080/path/to%20file;p?q=1&r=two+words#frag'
parts = urlparse.urlparse(url)
print parts.scheme, parts.netloc, parts.path, parts.params, parts.query, parts.fragment
print parts.hostname, parts.port
print urlparse.urljoin(url, '../other?x=1')
print sorted(urlparse.parse_qs(parts.query).items())
print urllib.quote('/a b/c&d'), urllib.quote_plus('a b&c=d'), urllib.quote('caf\xc3\xa9')
print urllib.unquote('caf%C3%A9'), len(urllib.unquote('caf%C3%A9')), urllib.unquote_plus('a+b%21')
print urllib.urlencode({'q': 'python 2'}), urllib.urlencode([('a', 1), ('b', 'x y')])
a, b = socket.socketpair()
a.send('GET %s HTTP/1.0\r\n\r\n' % urllib.quote('/caf\xc3\xa9 menu'))
line = b.recv(1024).split('\r\n')[0]
method, path, version = line.split()
print method, path, urllib.unquote(path), version
print urlparse.urlsplit('//host/p').netloc, urlparse.urlunparse(('http', 'h', '/p', '', 'a=1', ''))
a.close()
b.close()
