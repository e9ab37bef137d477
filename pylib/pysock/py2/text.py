"""Python 2 text semantics where data meets the socket, the files and the terminal.

Python 2's ``str`` is bytes. A Python 2 script's str is held as a Python 3 str of characters
U+0000-U+00FF, one per byte (see pysock.py2.runtime): a literal ``'欢迎'`` is translated to the
characters of its source-encoded bytes, and for calls made from Python 2 code:

* ``send``/``sendall``/``sendto`` take str (its bytes: Latin-1, characters beyond it as UTF-8);
* ``recv``/``recvfrom``, socket files (``makefile``), SocketServer's ``rfile``/``wfile`` and
  ``self.request`` of datagram handlers, httplib/urllib responses, smtplib and poplib replies give
  str, one character per byte received;
* stdout/stderr write those characters back as the bytes they stand for;
* BaseHTTPServer's ``self.headers`` and urllib2's ``info()`` have the mimetools.Message methods.

Standard-library code calling the same objects (http.client, socketserver's own reads) keeps
bytes: the caller's code file decides, checked per call with ``sys._getframe`` (the caller rule).
"""

import sys

_installed = False


def install(encoding, py2_files):
    global _installed
    if _installed:
        return
    _installed = True
    from pysock.py2 import runtime
    runtime._py2_files = py2_files
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="surrogateescape")
        except Exception:
            pass
    runtime.install_streams()
    _patch_socket_class(py2_files)
    # Most Python 2 scripts (the tutorial's) never use these big modules: each is patched when it
    # is imported, not before.
    for name, patch in (("http.client", _patch_http_client), ("socketserver", _patch_socketserver),
                        ("smtplib", _patch_smtplib), ("poplib", _patch_poplib),
                        ("urllib.response", _patch_urllib_response), ("urllib.request", _patch_urllib_request)):
        if name in sys.modules:
            patch(sys.modules[name])
        else:
            sys.meta_path.insert(0, _AfterImport(name, patch))


class _AfterImport:
    """A one-shot meta-path finder: lets the other finders find *name*, then runs *patch* on the
    module right after it has executed."""

    def __init__(self, name, patch):
        self._name = name
        self._patch = patch

    def find_spec(self, name, path=None, target=None):
        # It stays in sys.meta_path, inert, after its one use: importlib is iterating that list.
        if name != self._name or self._patch is None:
            return None
        patch, self._patch = self._patch, None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _PatchingLoader(spec.loader, patch)
        return spec

    @staticmethod
    def invalidate_caches():
        pass


class _PatchingLoader:
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):
        # get_source, get_filename, is_package...: tracebacks and inspect ask the loader.
        return getattr(self._loader, name)


def _patch_socket_class(py2_files):
    import _socket
    from pysock.py2.runtime import Py2File, from_py2, to_bytes
    cls = _socket.socket
    if cls.__module__ != "pysock._socket":
        # GraalPy's built-in socket type (--sockets=graalpy) cannot be patched; its Python subclass can.
        import socket
        cls = socket.socket

    send, sendall, sendto = cls.send, cls.sendall, cls.sendto
    recv, recvfrom = cls.recv, cls.recvfrom

    def py2_send(self, data, flags=0):
        return send(self, to_bytes(data), flags)

    def py2_sendall(self, data, flags=0):
        return sendall(self, to_bytes(data), flags)

    def py2_sendto(self, data, *rest):
        return sendto(self, to_bytes(data), *rest)

    def py2_recv(self, bufsize, flags=0):
        data = recv(self, bufsize, flags)
        return data.decode("latin-1") if from_py2() else data

    def py2_recvfrom(self, bufsize, flags=0):
        data, addr = recvfrom(self, bufsize, flags)
        return (data.decode("latin-1") if from_py2() else data), addr

    cls.send, cls.sendall, cls.sendto = py2_send, py2_sendall, py2_sendto
    cls.recv, cls.recvfrom = py2_recv, py2_recvfrom

    import socket as _stdlib_socket
    makefile = _stdlib_socket.socket.makefile

    def py2_makefile(self, mode="r", buffering=None, *args, **kwargs):
        if from_py2() and not args and not kwargs:
            # Python 2's socket files read and write str (bytes) whatever the mode says; a
            # bufsize of 0 meant unbuffered, which only binary files can be on Python 3.
            mode = "".join(c for c in "rw" if c in mode) or "r"
            return Py2File(makefile(self, mode + "b", None if buffering is None or buffering < 0 else buffering))
        return makefile(self, mode, buffering, *args, **kwargs)

    _stdlib_socket.socket.makefile = py2_makefile


def _bytes_to_str(value):
    """bytes in a library's reply (also inside tuples, lists and dicts) as Python 2 str."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, tuple):
        return tuple(_bytes_to_str(v) for v in value)
    if isinstance(value, list):
        return [_bytes_to_str(v) for v in value]
    if isinstance(value, dict):
        return {_bytes_to_str(k): _bytes_to_str(v) for k, v in value.items()}
    return value


def _py2_replies(cls, names, convert_args=None):
    """Methods of *cls* that give bytes give str when Python 2 code calls them."""
    from pysock.py2.runtime import from_py2

    def wrap(method):
        def py2_method(self, *args, **kwargs):
            if not from_py2():
                return method(self, *args, **kwargs)
            if convert_args is not None:
                args, kwargs = convert_args(method.__name__, args, kwargs)
            return _bytes_to_str(method(self, *args, **kwargs))
        py2_method.__name__ = method.__name__
        py2_method.__doc__ = method.__doc__
        return py2_method

    for name in names:
        if hasattr(cls, name):
            setattr(cls, name, wrap(getattr(cls, name)))


def _patch_http_client(module):
    """httplib/urllib/urllib2 responses read str in Python 2: the same rule, one level up; and
    their headers (and BaseHTTPServer's ``self.headers``) answer mimetools.Message's methods."""
    _py2_replies(module.HTTPResponse, ("read", "readline", "readlines", "read1", "peek"))
    from pysock.py2.runtime import from_py2
    response_getheaders = module.HTTPResponse.getheaders

    def py2_getheaders(self):
        # httplib (mimetools) kept header names in lower case.
        headers = response_getheaders(self)
        return [(k.lower(), v) for k, v in headers] if from_py2() else headers

    module.HTTPResponse.getheaders = py2_getheaders
    msg = module.HTTPMessage

    def getheader(self, name, default=None):
        return self.get(name, default)

    def getheaders(self, name):
        return self.get_all(name) or []

    def getrawheader(self, name):
        value = self.get(name)
        return None if value is None else " " + value + "\r\n"

    def getallmatchingheaders(self, name):
        name = name.lower()
        return ["%s: %s\r\n" % (k, v) for k, v in self.items() if k.lower() == name]

    def getparam(self, name):
        value = self.get_param(name)
        return value if value is None or isinstance(value, str) else str(value)

    def getplist(self):
        return ["%s=%s" % (k, v) for k, v in (self.get_params() or [])[1:]]

    # Added, never replaced: Python 3 code in the same run sees HTTPMessage as it was.
    for name, func in (("getheader", getheader), ("getheaders", getheaders), ("getrawheader", getrawheader),
                       ("getallmatchingheaders", getallmatchingheaders), ("getparam", getparam),
                       ("getplist", getplist), ("gettype", lambda self: self.get_content_type()),
                       ("getmaintype", lambda self: self.get_content_maintype()),
                       ("getsubtype", lambda self: self.get_content_subtype()),
                       ("isheader", lambda self, line: line.split(":", 1)[0].lower() if ":" in line else None),
                       ("dict", property(lambda self: {k.lower(): v for k, v in self.items()})),
                       ("headers", property(lambda self: ["%s: %s\r\n" % kv for kv in self.items()])),
                       ("typeheader", property(lambda self: self.get("content-type")))):
        if not hasattr(msg, name):
            setattr(msg, name, func)


def _patch_urllib_response(module):
    """urllib2's HTTPError (and urllib's addinfourl) read str for Python 2 code: its own read
    is a delegation through tempfile's wrapper, so the caller rule is applied here."""
    from pysock.py2.runtime import from_py2

    def make(name):
        def method(self, *args):
            data = getattr(self.fp, name)(*args)
            return _bytes_to_str(data) if from_py2() else data
        method.__name__ = name
        return method

    for name in ("read", "readline", "readlines"):
        setattr(module.addbase, name, make(name))


def _patch_urllib_request(module):
    # urllib2 announced itself as Python-urllib/2.7; servers that look at the agent see that.
    module.__version__ = "2.7"


def _patch_socketserver(module):
    """A Python 2 handler's rfile/wfile read and write str; a datagram handler's request holds str."""
    from pysock.py2.runtime import Py2File
    stream_setup = module.StreamRequestHandler.setup

    def setup(self):
        stream_setup(self)
        self.rfile = Py2File(self.rfile)
        self.wfile = Py2File(self.wfile)

    module.StreamRequestHandler.setup = setup

    base_init = module.BaseRequestHandler.__init__

    def init(self, request, client_address, server):
        # UDP servers hand (data, socket) over; the data came through the library's recvfrom.
        if isinstance(request, tuple) and request and isinstance(request[0], bytes):
            request = (request[0].decode("latin-1"),) + tuple(request[1:])
        base_init(self, request, client_address, server)

    module.BaseRequestHandler.__init__ = init

    dgram_setup = module.DatagramRequestHandler.setup

    def dgram(self):
        request = self.request
        self.request = (request[0].encode("latin-1"),) + tuple(request[1:])
        try:
            dgram_setup(self)
        finally:
            self.request = request
        self.rfile = Py2File(self.rfile)
        self.wfile = Py2File(self.wfile)

    module.DatagramRequestHandler.setup = dgram
    dgram_finish = module.DatagramRequestHandler.finish

    def finish(self):
        wfile = self.wfile
        self.wfile = wfile.raw if isinstance(wfile, Py2File) else wfile
        try:
            dgram_finish(self)
        finally:
            self.wfile = wfile

    module.DatagramRequestHandler.finish = finish


def _patch_smtplib(module):
    def msg_bytes(name, args, kwargs):
        # Python 2 sent the message's bytes as they were; Python 3 encodes a str as ASCII.
        if name == "sendmail" and len(args) >= 3 and isinstance(args[2], str):
            args = args[:2] + (args[2].encode("latin-1", "pysock.py2"),) + args[3:]
        return args, kwargs

    _py2_replies(module.SMTP, ("connect", "helo", "ehlo", "noop", "rset", "quit", "docmd", "getreply",
                               "mail", "rcpt", "data", "verify", "vrfy", "expn", "login", "starttls",
                               "sendmail", "send_message", "ehlo_or_helo_if_needed"), msg_bytes)


def _patch_poplib(module):
    _py2_replies(module.POP3, ("getwelcome", "user", "pass_", "stat", "list", "retr", "dele", "noop",
                               "rset", "quit", "top", "uidl", "apop", "rpop", "capa", "stls", "utf8"))
