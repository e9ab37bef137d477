# -*- coding: utf-8 -*-
"""The same in Python 2 with gopherlib: gopher_client2.py HOST PORT"""
import sys
import gopherlib

host, port = sys.argv[1], int(sys.argv[2])
for item in gopherlib.get_directory(gopherlib.send_selector('', host, port)):
    print gopherlib.type_to_name(item[0]), item[1], item[2]
for line in gopherlib.get_textfile(gopherlib.send_selector('/about.txt', host, port)):
    print line
for item in gopherlib.get_directory(gopherlib.send_query('/search', 'pysock', host, port)):
    print 'found', item[1]
