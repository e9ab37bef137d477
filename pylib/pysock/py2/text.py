"""Python 2 text semantics where data meets the socket and the terminal.

Python 2's ``str`` is bytes: a tutorial sends ``'欢迎访问菜鸟教程！'`` (the UTF-8 bytes of its source)
and prints what ``recv`` returns, and the terminal shows the text. After translation the same
script holds Python 3 ``str``; so for Python 2 scripts, and only for calls made from their code:

* ``send``/``sendall``/``sendto`` accept ``str``, encoded with the script's declared source encoding;
* ``recv``/``recvfrom``/``makefile`` give ``str``, decoded with that encoding; undecodable bytes
  survive as surrogates (``surrogateescape``), so sending them back or printing them gives the
  very bytes received, as Python 2 did;
* stdout/stderr write those surrogates back as the original bytes.

Standard-library code calling the same sockets (http.client, socketserver's own reads) keeps
bytes: the caller's code file decides, checked once per call with ``sys._getframe``.
"""

import sys

_installed = False


def install(encoding, py2_files):
    global _installed
    if _installed:
        return
    _installed = True
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="surrogateescape")
        except Exception:
            pass
    _patch_socket_class(encoding, py2_files)
    # http.client is big and most Python 2 scripts (the tutorial's) never use it: patch it when
    # it is imported, not before.
    if "http.client" in sys.modules:
        _patch_http_responses(encoding, py2_files)
    else:
        sys.meta_path.insert(0, _AfterImport("http.client",
                                             lambda module: _patch_http_responses(encoding, py2_files)))


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


def _patch_socket_class(encoding, py2_files):
    import _socket
    cls = _socket.socket
    if cls.__module__ != "pysock._socket":
        # GraalPy's built-in socket type (--sockets=graalpy) cannot be patched; its Python subclass can.
        import socket
        cls = socket.socket

    def from_py2(depth=2):
        return sys._getframe(depth).f_code.co_filename in py2_files

    def encode(data):
        return data.encode(encoding, "surrogateescape") if isinstance(data, str) else data

    def decode(data):
        return data.decode(encoding, "surrogateescape")

    send, sendall, sendto = cls.send, cls.sendall, cls.sendto
    recv, recvfrom = cls.recv, cls.recvfrom

    def py2_send(self, data, flags=0):
        return send(self, encode(data), flags)

    def py2_sendall(self, data, flags=0):
        return sendall(self, encode(data), flags)

    def py2_sendto(self, data, *rest):
        return sendto(self, encode(data), *rest)

    def py2_recv(self, bufsize, flags=0):
        data = recv(self, bufsize, flags)
        return decode(data) if from_py2() else data

    def py2_recvfrom(self, bufsize, flags=0):
        data, addr = recvfrom(self, bufsize, flags)
        return (decode(data) if from_py2() else data), addr

    cls.send, cls.sendall, cls.sendto = py2_send, py2_sendall, py2_sendto
    cls.recv, cls.recvfrom = py2_recv, py2_recvfrom

    import socket as _stdlib_socket
    makefile = _stdlib_socket.socket.makefile

    def py2_makefile(self, mode="r", buffering=None, *args, **kwargs):
        if from_py2() and not args and not kwargs:
            # Python 2's socket files read and write str whatever the mode says.
            return makefile(self, mode.replace("b", ""), buffering, encoding=encoding,
                            errors="surrogateescape", newline="")
        return makefile(self, mode, buffering, *args, **kwargs)

    _stdlib_socket.socket.makefile = py2_makefile


def _patch_http_responses(encoding, py2_files):
    """httplib/urllib/urllib2 responses read str in Python 2: the same rule, one level up.

    ``response.read()`` called from a Python 2 script gives text decoded with the script's
    encoding (surrogates for undecodable bytes, so writing it out gives the very bytes received);
    the standard library's own calls keep bytes.
    """
    cls = sys.modules["http.client"].HTTPResponse

    def from_py2(depth=2):
        return sys._getframe(depth).f_code.co_filename in py2_files

    def wrap(method):
        def py2_method(self, *args, **kwargs):
            data = method(self, *args, **kwargs)
            if isinstance(data, bytes) and from_py2():
                return data.decode(encoding, "surrogateescape")
            if isinstance(data, list) and from_py2():
                return [d.decode(encoding, "surrogateescape") if isinstance(d, bytes) else d for d in data]
            return data
        py2_method.__name__ = method.__name__
        return py2_method

    for name in ("read", "readline", "readlines", "read1", "peek"):
        if hasattr(cls, name):
            setattr(cls, name, wrap(getattr(cls, name)))
