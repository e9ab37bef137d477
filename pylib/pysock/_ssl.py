"""pysock's ``_ssl``: TLS on pysock sockets, with the TLS engine of GraalPy's ``_ssl`` (javax.net.ssl.SSLEngine).

GraalPy's built-in ``_ssl`` is a Java implementation on JSSE's ``SSLEngine``: contexts, certificate
loading, verification, host name checks, SNI, ALPN, TLS 1.2/1.3, ``MemoryBIO``/``SSLObject`` and
CPython's exception classes. Its ``_SSLContext._wrap_socket`` only accepts GraalPy's own socket
type, though, so ``ssl.wrap_socket`` over a pysock socket would fail. This module is that ``_ssl``
with one difference: ``_SSLContext._wrap_socket`` returns an ``_SSLSocket`` that drives the same
engine through two memory BIOs and moves the records over the pysock socket itself, honouring the
socket's mode as CPython's ``_ssl.c`` does:

* blocking: the call waits (in Java, with the GIL released) until the operation completes;
* timeout: ``TimeoutError("The read operation timed out")`` etc. once the socket timeout passes;
* non-blocking: ``SSLWantReadError`` / ``SSLWantWriteError``, to be retried when ``select`` says so.

Everything else (``ssl.py``, ``SSLContext``, ``SSLObject``, ``MemoryBIO``, the constants and
exceptions) is CPython's library over GraalPy's engine, unchanged.
"""

import _ssl as _jsse  # GraalPy's built-in module: bound before pysock puts this one in its place
import _thread
import time as _time

from pysock import _socket

for _name in dir(_jsse):
    if not _name.startswith("__"):
        globals()[_name] = getattr(_jsse, _name)
del _name

_BaseContext = _jsse._SSLContext
_MemoryBIO = _jsse.MemoryBIO
_WantRead = _jsse.SSLWantReadError
_WantWrite = _jsse.SSLWantWriteError
_raw = _socket.socket  # the plain socket methods, below ssl.SSLSocket's overrides
_CHUNK = 65536


class _SSLContext(_BaseContext):
    """GraalPy's context; only wrapping a socket differs (see the module doc)."""

    def _wrap_socket(self, sock, server_side, server_hostname=None, *, owner=None, session=None):
        if not isinstance(sock, _socket.socket):
            return _BaseContext._wrap_socket(self, sock, server_side, server_hostname, owner=owner,
                                             session=session)
        return _SSLSocket(self, sock, server_side, server_hostname, owner, session)


class _SSLSocket:
    """The ``_sslobj`` of an ``ssl.SSLSocket`` on a pysock socket: an SSLObject pumped over the socket."""

    def __init__(self, context, sock, server_side, server_hostname, owner, session):
        self._incoming = _MemoryBIO()
        self._outgoing = _MemoryBIO()
        self._sock = sock
        self._unsent = b""
        self._eof = False
        self._send_lock = _thread.allocate_lock()
        self._recv_lock = _thread.allocate_lock()
        self._obj = _BaseContext._wrap_bio(context, self._incoming, self._outgoing, server_side, server_hostname,
                                           owner=owner if owner is not None else sock, session=session)

    # the operations ssl.SSLSocket calls ------------------------------------------------------
    def do_handshake(self):
        return self._run("handshake", self._obj.do_handshake)

    def read(self, len=1024, buffer=None):
        if buffer is None:
            return self._run("read", self._obj.read, len)
        return self._run("read", self._obj.read, len, buffer)

    def write(self, data):
        return self._run("write", self._obj.write, data)

    def shutdown(self):
        self._run("read", self._obj.shutdown)
        return self._sock

    def __getattr__(self, name):
        # pending, getpeercert, cipher, version, selected_alpn_protocol, session, ...: the engine's own
        return getattr(self._obj, name)

    @property
    def context(self):
        return self._obj.context

    @context.setter
    def context(self, ctx):
        self._obj.context = ctx

    @property
    def session(self):
        return self._obj.session

    @session.setter
    def session(self, value):
        self._obj.session = value

    # the pump -------------------------------------------------------------------------------
    def _run(self, what, op, *args):
        timeout = _raw.gettimeout(self._sock)
        deadline = None if not timeout else _time.monotonic() + timeout
        while True:
            self._flush(what, timeout, deadline)
            try:
                result = op(*args)
            except _WantRead:
                self._flush(what, timeout, deadline)
                self._fill(what, timeout, deadline)
                continue
            except _WantWrite:
                continue
            except _jsse.SSLError as e:
                # the engine may have queued an alert for the peer: send it, as OpenSSL does
                try:
                    self._flush(what, 0.0, None)
                except (OSError, _jsse.SSLError):
                    pass
                if isinstance(e, _jsse.SSLCertVerificationError):
                    _as_openssl(e)
                raise
            self._flush(what, timeout, deadline)
            return result

    def _flush(self, what, timeout, deadline):
        """Sends what the engine produced; non-blocking sockets keep what did not fit for later."""
        with self._send_lock:
            data = self._unsent + self._outgoing.read()
            self._unsent = b""
            if not data:
                return
            if timeout == 0.0:
                try:
                    sent = _raw.send(self._sock, data)
                except BlockingIOError:
                    sent = 0
                if sent < len(data):
                    self._unsent = data[sent:]
                    raise _WantWrite(_jsse.SSL_ERROR_WANT_WRITE, "The operation did not complete (write)")
                return
            try:
                _raw.sendall(self._sock, data)
            except TimeoutError:
                raise TimeoutError("The write operation timed out") from None

    def _fill(self, what, timeout, deadline):
        """Feeds the engine what the socket has; raises as the socket's mode says when nothing is there."""
        with self._recv_lock:
            sock = self._sock
            if timeout is None:
                data = _raw.recv(sock, _CHUNK)
            else:
                data = None
                while data is None:
                    try:
                        data = _raw.recv(sock, _CHUNK, _socket.MSG_DONTWAIT)
                    except BlockingIOError:
                        if timeout == 0.0:
                            raise _WantRead(_jsse.SSL_ERROR_WANT_READ,
                                            "The operation did not complete (read)") from None
                        remaining = deadline - _time.monotonic()
                        if remaining <= 0 or not _wait_readable(sock, remaining):
                            raise TimeoutError("The %s operation timed out" % what) from None
            if data:
                self._incoming.write(data)
            elif self._eof:
                raise _jsse.SSLEOFError(_jsse.SSL_ERROR_EOF, "EOF occurred in violation of protocol")
            else:
                self._eof = True
                self._incoming.write_eof()


def _wait_readable(sock, limit):
    from pysock import select
    readable, _, _ = select.select([sock], [], [], limit)
    return bool(readable)


# JSSE's words for a failed verification, and what OpenSSL (so CPython) says instead.
_VERIFY = (
    (r"No subject alternative DNS name matching (\S+) found", 62,
     "Hostname mismatch, certificate is not valid for '%s'."),
    (r"No subject alternative names matching IP address (\S+) found", 62,
     "IP address mismatch, certificate is not valid for '%s'."),
    (r"No name matching (\S+) found", 62, "Hostname mismatch, certificate is not valid for '%s'."),
    (r"unable to get local issuer certificate|unable to find valid certification path|PKIX path building failed", 20,
     "unable to get local issuer certificate"),
    (r"validity check failed|NotAfter|certificate expired", 10, "certificate has expired"),
)


def _as_openssl(e):
    """Gives a verification error OpenSSL's verify_code and verify_message, as CPython reports them."""
    import re
    text = str(getattr(e, "verify_message", "")) + " " + str(e)
    for pattern, code, message in _VERIFY:
        m = re.search(pattern, text)
        if m:
            if m.groups():
                message = message % m.group(1).rstrip(".")
            try:
                e.verify_code = code
                e.verify_message = message
                text = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:pysock)" % message
                e.args = (e.args[0] if e.args else 1, text)
                e.strerror = text
            except (AttributeError, TypeError):
                pass
            return
