"""pysock.java: what a Java host lends this script, and what the script hands back to Java.

The only way Python code reaches Java-provided endpoints: scripts get no Java classes or
objects otherwise (no ``import java``, no polyglot bindings). A Java program that embeds pysock
registers endpoints with its ``PysockRunner``; this module looks them up by name::

    from pysock import java
    sock = java.socket("orders")        # a real socket.socket on the Java socket (same object)
    host, port = java.address("echo")   # an address in Python's form
    java.export("reply", sock)          # a socket (or address) for Java to pick up by name

A socket shared this way is one socket seen from both languages: a timeout set on one side is
the other side's timeout, and a close on either side closes it for both. Java owns sockets it
lent or took back: the script's end, and garbage collection, leave them open.
"""

# io.pysock.embed.Endpoints.Bridge, set by the Java host before any user code runs (None when
# the script runs without an embedding runner, e.g. from the command line).
_bridge = None


def _install(bridge):
    global _bridge
    _bridge = bridge


def _require():
    if _bridge is None:
        raise RuntimeError("pysock.java: this script was not started by a Java PysockRunner, so no endpoints exist")
    return _bridge


def _wrap(jsock):
    """A socket.socket on a Java PySocket: the same socket, not a copy (its timeout is kept)."""
    import socket as _stdlib
    from pysock import _bridge
    if _bridge.mod is not None:  # None: the run uses GraalPy's own sockets
        _bridge.mod.lend(jsock)  # its number is Java's: lent, this run reaches it (select, fileno=, dup)
    s = _bridge.wrap(jsock, _stdlib.socket)
    s._io_refs = 0
    s._closed = False
    return s


def _new_bytes(n):
    """A zero-filled bytearray of n bytes and its backing Java byte[] (Java copies into it)."""
    import polyglot
    b = bytearray(n)
    return b, polyglot.storage(b) if n else None


def _freeze(buffer):
    return bytes(buffer)


def _java_bytes(data):
    """A bytes-like object's bytes as (Java byte[], length), as _socket hands them over."""
    from pysock import _bridge
    return _bridge.readable(data)


def _unwrap(sock):
    """The Java PySocket behind a socket.socket (or a socket-like object with fileno())."""
    from pysock import _bridge
    j = _bridge.java_socket(sock)
    if j is not None:
        return j
    raise TypeError("pysock.java: expected a socket.socket, not %s" % type(sock).__name__)


def _java_socket(obj):
    """The Java PySocket behind a Python socket, or None (for Java's LoadedScript)."""
    from pysock import _bridge
    return _bridge.java_socket(obj)


def socket(name):
    """The socket Java registered as ``name``, as a ``socket.socket``; KeyError if there is none."""
    j = _require().socket(name)
    if j is None:
        raise KeyError(name)
    return _wrap(j)


def address(name):
    """The address Java registered as ``name``: ``(host, port)``, an IPv6 4-tuple, or a path."""
    a = _require().address(name)
    if a is None:
        raise KeyError(name)
    return a if isinstance(a, str) else tuple(a)


def export(name, value):
    """Hands a socket, or an address, to Java under ``name`` (replacing an earlier one).

    A socket handed over is Java's from now on: it stays open when this script ends.
    """
    bridge = _require()
    if isinstance(value, (tuple, str, bytes)):
        if isinstance(value, bytes):
            value = value.decode()
        if isinstance(value, str):
            bridge.exportPath(name, value)
        else:
            bridge.exportAddress(name, str(value[0]), int(value[1]))
        return
    bridge.exportSocket(name, _unwrap(value))


def names():
    """The names Java has registered (sockets and addresses), sorted."""
    return sorted(_require().names())
