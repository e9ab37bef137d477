#!/usr/bin/env python
# The string module's functions, as line protocols used them.
import socket
import string

a, b = socket.socketpair()
a.send(string.join(['USER', 'bob', 'PASS', 'pw'], ' ') + '\r\n')
line = string.strip(b.recv(1024))
words = string.split(line)
print words
print string.upper(words[0]), string.lower('MiXeD'), string.capitalize('word')
print string.atoi('42') + 1, string.atoi('ff', 16), string.atof('2.5') * 2
print string.replace('a-b-c', '-', '+'), string.find('hello', 'l'), string.rfind('hello', 'l')
print string.zfill('7', 3), string.ljust('x', 3) + '|', string.rjust('x', 3)
print string.letters[:5], string.digits, string.hexdigits
print string.lowercase[-3:], string.uppercase[:3], len(string.punctuation)
table = string.maketrans('abc', 'xyz')
print 'aabbcc'.translate(table), len(table)
print string.joinfields(['a', 'b'], ','), string.splitfields('a,b,c', ',')
print string.count('banana', 'a'), string.swapcase('AbC')
a.close()
b.close()
