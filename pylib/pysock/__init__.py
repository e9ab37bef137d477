"""pysock's Python side: the _socket facade over Java sockets, start-up, and Python 2 support."""
