"""Python 2 support: run unmodified Python 2 socket scripts on Python 3.

translate -- detect Python 2 source and convert it with lib2to3 at load
             time, keeping line numbers and caching the result on disk.
aliases   -- make Python 2 module names (SocketServer, Queue, urllib2, ...)
             importable.

The submodules are imported on demand; nothing here loads lib2to3.
"""
