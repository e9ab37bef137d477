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

# The TLS alert numbers (RFC 8446 6.2, RFC 6066), which CPython's _ssl offers as ALERT_DESCRIPTION_*
# (ssl.AlertDescription, and what an sni_callback returns to refuse a connection); GraalPy's has none.
_ALERT_DESCRIPTIONS = {
    "CLOSE_NOTIFY": 0, "UNEXPECTED_MESSAGE": 10, "BAD_RECORD_MAC": 20, "RECORD_OVERFLOW": 22,
    "DECOMPRESSION_FAILURE": 30, "HANDSHAKE_FAILURE": 40, "BAD_CERTIFICATE": 42, "UNSUPPORTED_CERTIFICATE": 43,
    "CERTIFICATE_REVOKED": 44, "CERTIFICATE_EXPIRED": 45, "CERTIFICATE_UNKNOWN": 46, "ILLEGAL_PARAMETER": 47,
    "UNKNOWN_CA": 48, "ACCESS_DENIED": 49, "DECODE_ERROR": 50, "DECRYPT_ERROR": 51, "PROTOCOL_VERSION": 70,
    "INSUFFICIENT_SECURITY": 71, "INTERNAL_ERROR": 80, "USER_CANCELLED": 90, "NO_RENEGOTIATION": 100,
    "UNSUPPORTED_EXTENSION": 110, "CERTIFICATE_UNOBTAINABLE": 111, "UNRECOGNIZED_NAME": 112,
    "BAD_CERTIFICATE_STATUS_RESPONSE": 113, "BAD_CERTIFICATE_HASH_VALUE": 114, "UNKNOWN_PSK_IDENTITY": 115,
}
for _name, _value in _ALERT_DESCRIPTIONS.items():
    globals().setdefault("ALERT_DESCRIPTION_" + _name, _value)
del _name, _value

_BaseContext = _jsse._SSLContext
_MemoryBIO = _jsse.MemoryBIO
_WantRead = _jsse.SSLWantReadError
_WantWrite = _jsse.SSLWantWriteError
_raw = _socket.socket  # the plain socket methods, below ssl.SSLSocket's overrides
_CHUNK = 65536


class _SSLContext(_BaseContext):
    """GraalPy's context; only wrapping a socket differs (see the module doc)."""

    def _wrap_socket(self, sock, server_side, server_hostname=None, *, owner=None, session=None):
        _check_side(self, server_side)
        if not isinstance(sock, _socket.socket):
            return _BaseContext._wrap_socket(self, sock, server_side, server_hostname, owner=owner,
                                             session=session)
        return _SSLSocket(self, sock, server_side, server_hostname, owner, session)

    def _wrap_bio(self, incoming, outgoing, server_side, server_hostname=None, *, owner=None, session=None):
        _check_side(self, server_side)
        return _BioObject(_BaseContext._wrap_bio(self, incoming, outgoing, server_side, server_hostname,
                                                 owner=owner, session=session),
                          _ip_to_check(self, server_side, server_hostname))

    # GraalPy's engine has no SNI callback (its setter raises NotImplementedError). pysock runs it
    # itself: a server-side socket reads the ClientHello first, calls the callback with the host
    # name the client asked for, and only then starts the engine, with the context the callback
    # chose (see _SSLSocket._accept_hello).
    @property
    def sni_callback(self):
        return self.__dict__.get("_pysock_sni")

    @sni_callback.setter
    def sni_callback(self, callback):
        if self.protocol == _jsse.PROTOCOL_TLS_CLIENT:
            raise ValueError("sni_callback cannot be set on TLS_CLIENT context")
        if callback is not None and not callable(callback):
            raise TypeError("not a callable object")
        self.__dict__["_pysock_sni"] = callback


class _BioObject:
    """The engine's SSLObject over memory BIOs (asyncio's TLS), with the two corrections pysock's
    sockets get too: the IP address check after the handshake, and getpeercert's empty dict."""

    __slots__ = ("_obj", "_ip_host")

    def __init__(self, obj, ip_host):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_ip_host", ip_host)

    def do_handshake(self):
        result = self._obj.do_handshake()
        if self._ip_host is not None:
            host = self._ip_host
            object.__setattr__(self, "_ip_host", None)
            _check_ip(self._obj, host)
        return result

    def getpeercert(self, binary_form=False):
        return _peer_cert(self._obj, binary_form)

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __setattr__(self, name, value):
        setattr(self._obj, name, value)  # context, session, ...: the engine's own


def _ip_to_check(context, server_side, server_hostname):
    # GraalPy's engine checks a host name but not an IP address (OpenSSL does, from
    # X509_VERIFY_PARAM_set1_ip when check_hostname is on): pysock checks it after the handshake.
    if not server_side and context.check_hostname and _is_ip_literal(server_hostname):
        return server_hostname
    return None


def _peer_cert(obj, binary_form):
    cert = obj.getpeercert(binary_form)
    # _ssl.c decodes the peer's certificate only if it was verified (an empty dict under
    # CERT_NONE); the engine decodes it whatever the context's verify mode.
    if not binary_form and cert and obj.context.verify_mode == _jsse.CERT_NONE:
        return {}
    return cert


def _check_ip(obj, host):
    """Raises SSLCertVerificationError, as OpenSSL does, when no IP address the peer's
    certificate names (subjectAltName 'IP Address') is the address the client asked for."""
    import ipaddress
    wanted = ipaddress.ip_address(host)
    names = (obj.getpeercert() or {}).get("subjectAltName", ())
    for kind, value in names:
        if kind == "IP Address":
            try:
                if ipaddress.ip_address(value.strip()) == wanted:
                    return
            except ValueError:
                pass
    message = "IP address mismatch, certificate is not valid for '%s'." % host
    text = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:pysock)" % message
    e = _jsse.SSLCertVerificationError(_jsse.SSL_ERROR_SSL, text)
    for name, value in (("verify_code", 64), ("verify_message", message),
                        ("reason", "CERTIFICATE_VERIFY_FAILED"), ("library", "SSL")):
        try:
            setattr(e, name, value)
        except (AttributeError, TypeError):
            pass
    raise e


def _check_side(context, server_side):
    # _ssl.c refuses a connection on the wrong side of a side-specific context; GraalPy's engine
    # would start a handshake that fails later with an alert.
    if server_side and context.protocol == _jsse.PROTOCOL_TLS_CLIENT:
        raise _jsse.SSLError(0, "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context (_ssl.c:pysock)")
    if not server_side and context.protocol == _jsse.PROTOCOL_TLS_SERVER:
        raise _jsse.SSLError(0, "Cannot create a client socket with a PROTOCOL_TLS_SERVER context (_ssl.c:pysock)")


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
        self._context = context
        self._owner = owner if owner is not None else sock
        self._args = (server_side, server_hostname, session)
        self._hello = b""
        self._rec_hdr = b""  # where the TLS records fed to the engine end (see _track)
        self._rec_left = 0
        self._obj = None
        self._sni = context.__dict__.get("_pysock_sni") if server_side else None
        self._ip_host = _ip_to_check(context, server_side, server_hostname)
        if self._sni is None:
            self._start_engine()

    def _start_engine(self):
        server_side, server_hostname, session = self._args
        self._obj = _BaseContext._wrap_bio(self._context, self._incoming, self._outgoing, server_side,
                                           server_hostname, owner=self._owner, session=session)

    # the operations ssl.SSLSocket calls ------------------------------------------------------
    def do_handshake(self):
        return self._run("handshake", "do_handshake")

    def read(self, len=1024, buffer=None):
        if buffer is None:
            return self._run("read", "read", len)
        return self._run("read", "read", len, buffer)

    def write(self, data):
        return self._run("write", "write", data)

    def shutdown(self):
        self._run("read", "shutdown")
        return self._sock

    def getpeercert(self, binary_form=False):
        if self._obj is None:
            self._start_engine()  # not started: the engine's own "handshake not done yet"
        return _peer_cert(self._obj, binary_form)

    def __getattr__(self, name):
        # pending, getpeercert, cipher, version, selected_alpn_protocol, session, ...: the engine's own
        if name.startswith("__"):
            raise AttributeError(name)
        obj = self.__dict__.get("_obj")
        if obj is None:
            if name in ("version", "cipher", "selected_alpn_protocol", "shared_ciphers", "compression",
                        "selected_npn_protocol"):
                return lambda *a: None  # before the handshake started, as the engine says too
            if name == "pending":
                return lambda: 0
            self._start_engine()
            obj = self._obj
        return getattr(obj, name)

    @property
    def context(self):
        return self._context if self._obj is None else self._obj.context

    @context.setter
    def context(self, ctx):
        self._context = ctx
        if self._obj is not None:
            self._obj.context = ctx

    @property
    def session(self):
        return None if self._obj is None else self._obj.session

    @session.setter
    def session(self, value):
        if self._obj is None:
            self._args = self._args[:2] + (value,)
        else:
            self._obj.session = value

    def _accept_hello(self, what, timeout, deadline):
        """Server side with an sni_callback: read the ClientHello, call the callback, start the engine."""
        for _ in range(64):
            complete, name = _client_hello_server_name(self._hello)
            if complete:
                break
            data = self._recv_some(what, timeout, deadline)
            if not data:
                break
            self._hello += data
        else:
            name = None
        # As _ssl.c: an exception in the callback, or a result that is not None or an int, goes to
        # sys.unraisablehook and fails the handshake with handshake_failure / internal_error; an
        # int is the alert to send. The client hears the alert, not just a closed connection.
        try:
            alert = self._sni(self._owner, name, self._context)
            if alert is not None and not isinstance(alert, int):
                raise TypeError("servername callback must return None or an integer")
        except BaseException as e:
            _report_unraisable(e, self._sni)
            alert = _ALERT_INTERNAL_ERROR if isinstance(e, TypeError) else _ALERT_HANDSHAKE_FAILURE
        if alert is not None:
            self._outgoing.write(_fatal_alert(alert))
            try:
                self._flush(what, timeout, deadline)
            except (OSError, _jsse.SSLError):
                pass
            raise _jsse.SSLError(_jsse.SSL_ERROR_SSL, "[SSL: CALLBACK_FAILED] sni_callback refused the "
                                 "connection with alert %d (pysock)" % alert)
        self._start_engine()
        self._track(self._hello)
        self._incoming.write(self._hello)
        self._hello = b""

    # the pump -------------------------------------------------------------------------------
    def _run(self, what, opname, *args):
        timeout = _raw.gettimeout(self._sock)
        deadline = None if not timeout else _time.monotonic() + timeout
        if self._obj is None:
            if self._sni is None:
                self._start_engine()
            else:
                self._accept_hello(what, timeout, deadline)
        op = getattr(self._obj, opname)
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
                else:
                    _alert_as_openssl(e)
                raise
            self._flush(what, timeout, deadline)
            if self._ip_host is not None:
                self._check_ip_host()
            return result

    def _check_ip_host(self):
        host, self._ip_host = self._ip_host, None
        _check_ip(self._obj, host)

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

    def _recv_some(self, what, timeout, deadline, size=_CHUNK):
        """What the socket has (b'' at its end); raises as the socket's mode says when nothing is there."""
        sock = self._sock
        if timeout is None:
            return _raw.recv(sock, size)
        while True:
            try:
                return _raw.recv(sock, size, _socket.MSG_DONTWAIT)
            except BlockingIOError:
                if timeout == 0.0:
                    raise _WantRead(_jsse.SSL_ERROR_WANT_READ, "The operation did not complete (read)") from None
                remaining = deadline - _time.monotonic()
                if remaining <= 0 or not _wait_readable(sock, remaining):
                    raise TimeoutError("The %s operation timed out" % what) from None

    def _fill(self, what, timeout, deadline):
        """Feeds the engine the rest of the current TLS record from the socket, and no more.

        As OpenSSL (without read-ahead) does: bytes behind the record stay in the socket, so that
        select() still reports them (asyncore/selectors servers wait for readability before they
        read again; what sat in the engine's buffer would never wake them), and after close_notify
        the peer may talk plain text on the same socket (unwrap)."""
        with self._recv_lock:
            data = self._recv_some(what, timeout, deadline, self._rec_left or 5 - len(self._rec_hdr))
            if data:
                self._track(data)
                self._incoming.write(data)
                if self._rec_left:
                    # the body follows its header: take it in the same step when it is there
                    try:
                        body = self._recv_some(what, timeout, deadline, self._rec_left)
                    except _WantRead:
                        body = b""
                    if body:
                        self._track(body)
                        self._incoming.write(body)
            elif self._eof:
                raise _jsse.SSLEOFError(_jsse.SSL_ERROR_EOF, "EOF occurred in violation of protocol")
            else:
                self._eof = True
                self._incoming.write_eof()


def _track_records(self, data):
    """Follows the TLS record boundaries in the bytes fed to the engine (5-byte header, then the body)."""
    i, n = 0, len(data)
    while i < n:
        if self._rec_left:
            take = min(self._rec_left, n - i)
            self._rec_left -= take
            i += take
        else:
            need = 5 - len(self._rec_hdr)
            self._rec_hdr += data[i:i + need]
            i += need
            if len(self._rec_hdr) == 5:
                self._rec_left = int.from_bytes(self._rec_hdr[3:5], "big")
                self._rec_hdr = b""


_SSLSocket._track = _track_records


def _is_ip_literal(name):
    if not isinstance(name, str):
        return False
    import ipaddress
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


_ALERT_HANDSHAKE_FAILURE = 40
_ALERT_INTERNAL_ERROR = 80


def _fatal_alert(description):
    """A TLS alert record (level fatal), as a server sends it before any handshake message."""
    return bytes((21, 3, 3, 0, 2, 2, description & 0xFF))


def _report_unraisable(exc, obj):
    import sys
    import types
    sys.unraisablehook(types.SimpleNamespace(exc_type=type(exc), exc_value=exc, exc_traceback=exc.__traceback__,
                                             err_msg=None, object=obj))


def _wait_readable(sock, limit):
    from pysock import select
    readable, _, _ = select.select([sock], [], [], limit)
    return bool(readable)


# JSSE's words for a failed verification, and what OpenSSL (so CPython) says instead.
_VERIFY = (
    (r"No subject alternative DNS name matching (\S+) found", 62,
     "Hostname mismatch, certificate is not valid for '%s'."),
    (r"No subject alternative names matching IP address (\S+) found", 64,
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


# JSSE's names of the TLS alerts (javax.net.ssl "Received fatal alert: <name>"), and OpenSSL's reason
# for having received each, which CPython puts in SSLError.reason.
_ALERT_REASONS = {
    "unexpected_message": "SSLV3_ALERT_UNEXPECTED_MESSAGE",
    "bad_record_mac": "SSLV3_ALERT_BAD_RECORD_MAC",
    "decryption_failed": "TLSV1_ALERT_DECRYPTION_FAILED",
    "record_overflow": "TLSV1_ALERT_RECORD_OVERFLOW",
    "handshake_failure": "SSLV3_ALERT_HANDSHAKE_FAILURE",
    "no_certificate": "SSLV3_ALERT_NO_CERTIFICATE",
    "bad_certificate": "SSLV3_ALERT_BAD_CERTIFICATE",
    "unsupported_certificate": "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
    "certificate_revoked": "SSLV3_ALERT_CERTIFICATE_REVOKED",
    "certificate_expired": "SSLV3_ALERT_CERTIFICATE_EXPIRED",
    "certificate_unknown": "SSLV3_ALERT_CERTIFICATE_UNKNOWN",
    "illegal_parameter": "SSLV3_ALERT_ILLEGAL_PARAMETER",
    "unknown_ca": "TLSV1_ALERT_UNKNOWN_CA",
    "access_denied": "TLSV1_ALERT_ACCESS_DENIED",
    "decode_error": "TLSV1_ALERT_DECODE_ERROR",
    "decrypt_error": "TLSV1_ALERT_DECRYPT_ERROR",
    "export_restriction": "TLSV1_ALERT_EXPORT_RESTRICTION",
    "protocol_version": "TLSV1_ALERT_PROTOCOL_VERSION",
    "insufficient_security": "TLSV1_ALERT_INSUFFICIENT_SECURITY",
    "internal_error": "TLSV1_ALERT_INTERNAL_ERROR",
    "inappropriate_fallback": "TLSV1_ALERT_INAPPROPRIATE_FALLBACK",
    "user_canceled": "TLSV1_ALERT_USER_CANCELLED",
    "no_renegotiation": "TLSV1_ALERT_NO_RENEGOTIATION",
    "missing_extension": "TLSV13_ALERT_MISSING_EXTENSION",
    "unsupported_extension": "TLSV1_ALERT_UNSUPPORTED_EXTENSION",
    "certificate_unobtainable": "TLSV1_CERTIFICATE_UNOBTAINABLE",
    "unrecognized_name": "TLSV1_UNRECOGNIZED_NAME",
    "bad_certificate_status_response": "TLSV1_BAD_CERTIFICATE_STATUS_RESPONSE",
    "bad_certificate_hash_value": "TLSV1_BAD_CERTIFICATE_HASH_VALUE",
    "unknown_psk_identity": "TLSV1_ALERT_UNKNOWN_PSK_IDENTITY",
    "certificate_required": "TLSV13_ALERT_CERTIFICATE_REQUIRED",
    "no_application_protocol": "TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
}


def _alert_as_openssl(e):
    """An alert received from the peer: OpenSSL's reason and text, as CPython reports them."""
    import re
    m = re.search(r"Received fatal alert: (\w+)", " ".join(str(a) for a in e.args))
    reason = m and _ALERT_REASONS.get(m.group(1))
    if not reason:
        return
    text = "[SSL: %s] %s (_ssl.c:pysock)" % (reason, reason.lower().replace("_", " "))
    try:
        e.reason = reason
        e.library = "SSL"
        e.args = (_jsse.SSL_ERROR_SSL, text)
        e.strerror = text
    except (AttributeError, TypeError):
        pass


def _client_hello_server_name(data):
    """(complete, name): whether data holds a whole TLS ClientHello, and the SNI host name in it."""
    if len(data) < 5:
        return False, None
    if data[0] != 22:
        return True, None  # not a handshake: the engine will say what is wrong
    body, pos = b"", 0
    while len(body) < 4 or len(body) < 4 + int.from_bytes(body[1:4], "big"):
        if pos + 5 > len(data):
            return False, None
        if data[pos] != 22:
            return True, None
        n = int.from_bytes(data[pos + 3:pos + 5], "big")
        if pos + 5 + n > len(data):
            return False, None
        body += data[pos + 5:pos + 5 + n]
        pos += 5 + n
    if body[0] != 1:
        return True, None
    try:
        p = 4 + 2 + 32
        p += 1 + body[p]                                    # session id
        p += 2 + int.from_bytes(body[p:p + 2], "big")       # cipher suites
        p += 1 + body[p]                                    # compression methods
        end = p + 2 + int.from_bytes(body[p:p + 2], "big")
        p += 2
        while p + 4 <= end:
            kind, size = int.from_bytes(body[p:p + 2], "big"), int.from_bytes(body[p + 2:p + 4], "big")
            p += 4
            if kind == 0:                                   # server_name (RFC 6066)
                q = p + 2
                while q + 3 <= p + size:
                    name_type, n = body[q], int.from_bytes(body[q + 1:q + 3], "big")
                    if name_type == 0:
                        return True, body[q + 3:q + 3 + n].decode("ascii")
                    q += 3 + n
            p += size
    except (IndexError, UnicodeDecodeError):
        pass
    return True, None
