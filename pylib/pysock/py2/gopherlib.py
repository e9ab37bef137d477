"""Python 2's ``gopherlib`` (removed in Python 2.6/3.0), for Python 2 scripts run by pysock.

The same functions and constants as Python 2.5's module: ``send_selector``/``send_query`` return a
file to read the answer from; ``get_directory``, ``get_textfile``, ``get_alt_textfile``,
``get_binary``, ``get_alt_binary`` read it; ``type_to_name``, ``path_to_selector`` and
``path_to_datatype_name`` help with URLs. Text comes back as ``str`` (Python 2's string), decoded
as UTF-8 with undecodable bytes kept as surrogates, as pysock's Python 2 socket text does; binary
data comes back as bytes. Written for pysock from the Gopher protocol (RFC 1436), not copied.
"""

import socket

__all__ = ["send_selector", "send_query"]

DEF_SELECTOR = "1/"
DEF_HOST = "gopher.micro.umn.edu"
DEF_PORT = 70

A_TEXT = "0"
A_MENU = "1"
A_CSO = "2"
A_ERROR = "3"
A_MACBINHEX = "4"
A_PCBINHEX = "5"
A_UUENCODED = "6"
A_INDEX = "7"
A_TELNET = "8"
A_BINARY = "9"
A_DUPLICATE = "+"
A_SOUND = "s"
A_EVENT = "e"
A_CALENDAR = "c"
A_HTML = "h"
A_TN3270 = "T"
A_MIME = "M"
A_IMAGE = "I"
A_WHOIS = "w"
A_QUERY = "q"
A_GIF = "g"
A_WWW = "w"
A_PLUS_IMAGE = ":"
A_PLUS_MOVIE = ";"
A_PLUS_SOUND = "<"

_type_to_name_map = {}


def type_to_name(gtype):
    """The name of a Gopher item type, e.g. 'TEXT' for '0' ("TYPE='x'" when unknown)."""
    if not _type_to_name_map:
        for name, value in globals().items():
            if name.startswith("A_") and name not in ("A_WWW",):
                _type_to_name_map[value] = name[2:]
    return _type_to_name_map.get(gtype, "TYPE=%r" % (gtype,))


CRLF = "\r\n"
TAB = "\t"


class _TextFile:
    """The server's answer: readline() gives str lines, read() gives bytes (for binaries)."""

    def __init__(self, sock):
        self._sock = sock
        self._file = sock.makefile("rb")

    def readline(self):
        return self._file.readline().decode("utf-8", "surrogateescape")

    def read(self, size=-1):
        return self._file.read(size)

    def close(self):
        self._file.close()
        self._sock.close()


def send_selector(selector, host, port=0):
    """Sends a selector to a Gopher server and returns a file to read the answer from."""
    if not port:
        i = host.find(":")
        if i >= 0:
            host, port = host[:i], int(host[i + 1:])
    if not port:
        port = DEF_PORT
    elif isinstance(port, str):
        port = int(port)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((host, port))
    s.sendall((selector + CRLF).encode("utf-8", "surrogateescape"))
    s.shutdown(socket.SHUT_WR)
    return _TextFile(s)


def send_query(selector, query, host, port=0):
    """Sends a selector and a query string (for index-search items, type '7')."""
    return send_selector(selector + "\t" + query, host, port)


def path_to_selector(path):
    """The selector in a gopher URL's path ('/1/docs' -> '/docs')."""
    if path == "/":
        return "/"
    return path[2:]  # the leading slash and the type character


def path_to_datatype_name(path):
    if path == "/":
        return "TYPE='unknown'"
    return type_to_name(path[1])


def _strip(line):
    if line[-2:] == CRLF:
        return line[:-2]
    if line[-1:] in CRLF:
        return line[:-1]
    return line


def get_directory(f):
    """Reads a menu: a list of [type, title, selector, host, port, plus-info]."""
    entries = []
    while True:
        line = f.readline()
        if not line:
            print("(Unexpected EOF from server)")
            break
        line = _strip(line)
        if line == ".":
            break
        if not line:
            print("(Empty line from server)")
            continue
        gtype = line[0]
        parts = line[1:].split(TAB)
        if len(parts) < 4:
            print("(Bad line from server: %r)" % (line,))
            continue
        if len(parts) > 4:
            if parts[4:] != ["+"]:
                print("(Extra info from server:", parts[4:], ")")
        else:
            parts.append("")
        parts.insert(0, gtype)
        entries.append(parts)
    return entries


def get_textfile(f):
    """Reads a text file: its lines, without line ends, dots unstuffed."""
    lines = []
    get_alt_textfile(f, lines.append)
    return lines


def get_alt_textfile(f, func):
    while True:
        line = f.readline()
        if not line:
            print("(Unexpected EOF from server)")
            break
        line = _strip(line)
        if line == ".":
            break
        if line[:2] == "..":
            line = line[1:]
        func(line)


def get_binary(f):
    return f.read()


def get_alt_binary(f, func, blocksize):
    while True:
        data = f.read(blocksize)
        if not data:
            break
        func(data)
