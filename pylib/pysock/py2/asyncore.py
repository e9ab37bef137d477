"""asyncore for Python 2 scripts: Python 3.12 removed the module; pysock serves this one under
the old name (pysock.py2.aliases), written for pysock from the module's documented interface.

Data is a Python 2 str (one character per byte, see pysock.py2.runtime): ``recv`` gives str and
``send`` takes it, since only Python 2 scripts import this module on pysock.
"""

import errno
import os
import select
import socket
import sys
import time
import traceback

from pysock.py2.runtime import to_bytes

_DISCONNECTED = frozenset((errno.ECONNRESET, errno.ENOTCONN, errno.ESHUTDOWN, errno.ECONNABORTED,
                           errno.EPIPE, errno.EBADF))

socket_map = {}
# The class attribute `socket` hides the module in the class body, where defaults are evaluated.
_AF_INET, _SOCK_STREAM = socket.AF_INET, socket.SOCK_STREAM


class ExitNow(Exception):
    pass


_reraised = (ExitNow, KeyboardInterrupt, SystemExit)


def _event(obj, handler):
    try:
        handler()
    except _reraised:
        raise
    except Exception:
        obj.handle_error()


def read(obj):
    _event(obj, obj.handle_read_event)


def write(obj):
    _event(obj, obj.handle_write_event)


def _exception(obj):
    _event(obj, obj.handle_expt_event)


def readwrite(obj, flags):
    def events():
        if flags & select.POLLIN:
            obj.handle_read_event()
        if flags & select.POLLOUT:
            obj.handle_write_event()
        if flags & select.POLLPRI:
            obj.handle_expt_event()
        if flags & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
            obj.handle_close()
    _event(obj, events)


def poll(timeout=0.0, map=None):
    if map is None:
        map = socket_map
    if not map:
        return
    readers, writers, errors = [], [], []
    for fd, obj in list(map.items()):
        wants_read = obj.readable()
        wants_write = obj.writable()
        if wants_read:
            readers.append(fd)
        # A listening socket is never "writable" for asyncore's purposes.
        if wants_write and not obj.accepting:
            writers.append(fd)
        if wants_read or wants_write:
            errors.append(fd)
    if not (readers or writers or errors):
        time.sleep(timeout)
        return
    readers, writers, errors = select.select(readers, writers, errors, timeout)
    for fds, handle in ((readers, read), (writers, write), (errors, _exception)):
        for fd in fds:
            obj = map.get(fd)
            if obj is not None:
                handle(obj)


poll2 = poll3 = poll


def loop(timeout=30.0, use_poll=False, map=None, count=None):
    if map is None:
        map = socket_map
    if count is None:
        while map:
            poll(timeout, map)
    else:
        while map and count > 0:
            poll(timeout, map)
            count -= 1


def compact_traceback():
    t, v, tb = sys.exc_info()
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, code.co_name, str(tb.tb_lineno)))
        tb = tb.tb_next
    if not frames:
        raise AssertionError('traceback does not exist')
    info = ' '.join('[%s|%s|%s]' % frame for frame in frames)
    file, function, line = frames[-1]
    return (file, function, line), t, v, info


class dispatcher:
    debug = False
    connected = False
    accepting = False
    connecting = False
    closing = False
    addr = None
    ignore_log_types = frozenset(['warning'])
    socket = None
    _fileno = None

    def __init__(self, sock=None, map=None):
        self._map = socket_map if map is None else map
        if sock is not None:
            sock.setblocking(0)
            self.set_socket(sock, map)
            self.connected = True
            try:
                self.addr = sock.getpeername()
            except OSError as e:
                if e.errno in (errno.ENOTCONN, errno.EINVAL):
                    self.connected = False  # a socket that is not connected (yet)
                else:
                    self.del_channel(map)
                    raise

    def __repr__(self):
        status = [self.__class__.__module__ + '.' + self.__class__.__name__]
        if self.accepting and self.addr:
            status.append('listening')
        elif self.connected:
            status.append('connected')
        if self.addr is not None:
            try:
                status.append('%s:%d' % self.addr)
            except TypeError:
                status.append(repr(self.addr))
        return '<%s at %#x>' % (' '.join(status), id(self))

    def add_channel(self, map=None):
        if map is None:
            map = self._map
        map[self._fileno] = self

    def del_channel(self, map=None):
        if map is None:
            map = self._map
        if self._fileno in map:
            del map[self._fileno]
        self._fileno = None

    def create_socket(self, family=_AF_INET, type=_SOCK_STREAM):
        self.family_and_type = family, type
        sock = socket.socket(family, type)
        sock.setblocking(0)
        self.set_socket(sock)

    def set_socket(self, sock, map=None):
        self.socket = sock
        self._fileno = sock.fileno()
        self.add_channel(map)

    def set_reuse_addr(self):
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR,
                                   self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) | 1)
        except OSError:
            pass

    def readable(self):
        return True

    def writable(self):
        return True

    def listen(self, num):
        self.accepting = True
        return self.socket.listen(num)

    def bind(self, addr):
        self.addr = addr
        return self.socket.bind(addr)

    def connect(self, address):
        self.connected = False
        self.connecting = True
        err = self.socket.connect_ex(address)
        if err in (errno.EINPROGRESS, errno.EALREADY, errno.EWOULDBLOCK):
            self.addr = address
            return
        if err in (0, errno.EISCONN):
            self.addr = address
            self.handle_connect_event()
        else:
            raise socket.error(err, errno.errorcode[err])

    def accept(self):
        try:
            conn, addr = self.socket.accept()
        except TypeError:
            return None
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.ECONNABORTED, errno.EAGAIN):
                return None
            raise
        return conn, addr

    def send(self, data):
        try:
            return self.socket.send(to_bytes(data))
        except OSError as e:
            if e.errno == errno.EWOULDBLOCK:
                return 0
            if e.errno in _DISCONNECTED:
                self.handle_close()
                return 0
            raise

    def recv(self, buffer_size):
        try:
            data = self.socket.recv(buffer_size)
        except OSError as e:
            if e.errno in _DISCONNECTED:
                self.handle_close()
                return ''
            raise
        if not data:
            # The peer closed: a closed connection is a close event, as Python 2's did.
            self.handle_close()
            return ''
        return data.decode('latin-1') if isinstance(data, bytes) else data

    def close(self):
        self.connected = False
        self.accepting = False
        self.connecting = False
        self.del_channel()
        if self.socket is not None:
            try:
                self.socket.close()
            except OSError as e:
                if e.errno not in (errno.ENOTCONN, errno.EBADF):
                    raise

    def __getattr__(self, attr):
        # Python 2's dispatcher passed unknown attributes on to its socket.
        sock = self.__dict__.get('socket')
        if sock is None:
            raise AttributeError('%s instance has no attribute %r' % (self.__class__.__name__, attr))
        return getattr(sock, attr)

    def log(self, message):
        sys.stderr.write('log: %s\n' % str(message))

    def log_info(self, message, type='info'):
        if type not in self.ignore_log_types:
            print('%s: %s' % (type, message))

    def handle_read_event(self):
        if self.accepting:
            self.handle_accept()
        elif not self.connected:
            if self.connecting:
                self.handle_connect_event()
            self.handle_read()
        else:
            self.handle_read()

    def handle_connect_event(self):
        err = self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err != 0:
            raise socket.error(err, os.strerror(err))
        self.handle_connect()
        self.connected = True
        self.connecting = False

    def handle_write_event(self):
        if self.accepting:
            return
        if not self.connected:
            if self.connecting:
                self.handle_connect_event()
        self.handle_write()

    def handle_expt_event(self):
        err = self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err != 0:
            self.handle_close()
        else:
            self.handle_expt()

    def handle_error(self):
        nil, t, v, tbinfo = compact_traceback()
        try:
            self_repr = repr(self)
        except Exception:
            self_repr = '<__repr__(self) failed for object at %0x>' % id(self)
        self.log_info('uncaptured python exception, closing channel %s (%s:%s %s)'
                      % (self_repr, t, v, tbinfo), 'error')
        self.handle_close()

    def handle_expt(self):
        self.log_info('unhandled incoming priority event', 'warning')

    def handle_read(self):
        self.log_info('unhandled read event', 'warning')

    def handle_write(self):
        self.log_info('unhandled write event', 'warning')

    def handle_connect(self):
        self.log_info('unhandled connect event', 'warning')

    def handle_accept(self):
        pair = self.accept()
        if pair is not None:
            self.handle_accepted(*pair)

    def handle_accepted(self, sock, addr):
        sock.close()
        self.log_info('unhandled accepted event', 'warning')

    def handle_close(self):
        self.log_info('unhandled close event', 'warning')
        self.close()


class dispatcher_with_send(dispatcher):

    def __init__(self, sock=None, map=None):
        dispatcher.__init__(self, sock, map)
        self.out_buffer = ''

    def initiate_send(self):
        sent = dispatcher.send(self, self.out_buffer[:65536])
        self.out_buffer = self.out_buffer[sent:]

    def handle_write(self):
        self.initiate_send()

    def writable(self):
        return (not self.connected) or len(self.out_buffer)

    def send(self, data):
        if self.debug:
            self.log_info('sending %r' % data)
        self.out_buffer = self.out_buffer + data
        self.initiate_send()


def close_all(map=None, ignore_all=False):
    if map is None:
        map = socket_map
    for obj in list(map.values()):
        try:
            obj.close()
        except OSError as e:
            if e.errno != errno.EBADF and not ignore_all:
                raise
        except _reraised:
            raise
        except Exception:
            if not ignore_all:
                raise
    map.clear()
