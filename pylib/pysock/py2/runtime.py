"""What a translated Python 2 script calls at run time to behave as it did on Python 2.

The model: a Python 2 ``str`` is a Python 3 ``str`` whose characters are bytes (U+0000-U+00FF,
i.e. the bytes decoded as Latin-1). Everything that turns Python 2 data into bytes (sockets, files,
stdout, hashlib...) encodes with Latin-1; everything that gives Python 2 code bytes decodes with
Latin-1. So ``len()``, slicing, ``ord(data[0])``, ``'\\xff'`` literals and ``==`` work on bytes, as
in Python 2. A character above U+00FF can only come from ``unicode`` (``u'...'``, ``.decode()``);
where it must become bytes it is written as UTF-8, as a UTF-8 terminal would show it.

Python 2 code reaches these functions through names its namespace starts with (``names_for``):
``print`` (the statement, with soft space), ``repr`` (Python 2's escapes), ``open`` (byte-faithful
files), ``input`` (``raw_input``), and the helpers the translator writes calls to (``_py2_div``,
``_py2_encode``, ``_py2_decode``, ``_py2_format``, ``_py2_str``); its imports get Python 2 views of
byte-taking modules (``install_import_hook``). The standard library and Python 3 code never see
any of it.
"""

import builtins
import codecs
import sys
import types

ERRORS = 'pysock.py2'
_py2_files = set()


def _encode_error(exc):
    # Characters beyond Latin-1 are unicode text: UTF-8, what a UTF-8 terminal or peer expects.
    # Lone surrogates (surrogateescape'd bytes from elsewhere) go back to the byte they carried.
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = bytearray()
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(code - 0xDC00)
        else:
            out += ch.encode('utf-8', 'surrogatepass')
    return bytes(out), exc.end


codecs.register_error(ERRORS, _encode_error)


def to_bytes(value):
    """A Python 2 str (or bytes-like) as the bytes it stands for."""
    if isinstance(value, str):
        return value.encode('latin-1', ERRORS)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return value


def to_str(value):
    """Bytes as a Python 2 str."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode('latin-1')
    return value


def from_py2(depth=2):
    """True if the caller *depth* frames up (from the function calling this) is Python 2 code."""
    try:
        return sys._getframe(depth).f_code.co_filename in _py2_files
    except ValueError:
        return False


# --------------------------------------------------------------------------------------------
# repr, str and print
# --------------------------------------------------------------------------------------------

_ESCAPES = {'\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r'}


def _repr_text(s):
    if any(ord(c) > 0xFF for c in s):
        return 'u' + _quote(s, wide=True)
    return _quote(s, wide=False)


def _quote(s, wide):
    quote = '"' if "'" in s and '"' not in s else "'"
    out = [quote]
    for c in s:
        code = ord(c)
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c == quote:
            out.append('\\' + c)
        elif 0x20 <= code < 0x7F:
            out.append(c)
        elif code <= 0xFF:
            out.append('\\x%02x' % code)
        elif code <= 0xFFFF:
            out.append('\\u%04x' % code)
        else:
            out.append('\\U%08x' % code)
    out.append(quote)
    return ''.join(out)


_CONTAINERS = (tuple, list, dict, set, frozenset)


def py2_repr(value):
    """repr() as Python 2 printed it for strings and the built-in containers holding them."""
    t = type(value)
    if t is str:
        return _repr_text(value)
    if t in (bytes, bytearray):
        return _repr_text(bytes(value).decode('latin-1')) if t is bytes else \
            'bytearray(%s)' % _repr_text(bytes(value).decode('latin-1'))
    if t is int and not -(1 << 63) <= value < (1 << 63):
        return repr(value) + 'L'
    if t is tuple:
        if len(value) == 1:
            return '(%s,)' % py2_repr(value[0])
        return '(%s)' % ', '.join(py2_repr(v) for v in value)
    if t is list:
        return '[%s]' % ', '.join(py2_repr(v) for v in value)
    if t is dict:
        return '{%s}' % ', '.join('%s: %s' % (py2_repr(k), py2_repr(v)) for k, v in value.items())
    if t in (set, frozenset):
        inner = '[%s]' % ', '.join(py2_repr(v) for v in value)
        return '%s(%s)' % (t.__name__, inner)
    return repr(value)


def _float_str(x):
    # Python 2's str(float) has 12 significant digits (repr has the shortest round-trip form).
    text = '%.12g' % x
    if text.lstrip('-').isdigit():
        text += '.0'
    return text


class Py2Long(int):
    """A Python 2 long (a ``10L`` literal, ``long(x)``): an int whose repr ends in L, and so do
    the results of its arithmetic, as a long's did. Ints that outgrow a 64-bit int show the L too
    (py2_repr), since Python 2 promoted them to long."""

    __slots__ = ()

    def __repr__(self):
        return int.__repr__(self) + 'L'

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return int.__format__(int(self), spec)


def _long_op(name):
    op = getattr(int, name)

    def method(self, *args):
        result = op(self, *args)
        if type(result) is int:
            return Py2Long(result)
        if type(result) is tuple:
            return tuple(Py2Long(r) if type(r) is int else r for r in result)
        return result
    method.__name__ = name
    return method


for _name in ('add', 'sub', 'mul', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and', 'or', 'xor',
              'divmod'):
    setattr(Py2Long, '__%s__' % _name, _long_op('__%s__' % _name))
    setattr(Py2Long, '__r%s__' % _name, _long_op('__r%s__' % _name))
for _name in ('neg', 'pos', 'abs', 'invert'):
    setattr(Py2Long, '__%s__' % _name, _long_op('__%s__' % _name))


def py2_long(value=0, base=None):
    """long(): the value as a Py2Long."""
    if base is not None:
        return Py2Long(int(value, base))
    return Py2Long(value)


def py2_str(value):
    """str() as Python 2's print and %s gave it."""
    t = type(value)
    if t is str:
        return value
    if t is bytes:
        return value.decode('latin-1')
    if t is float:
        return _float_str(value)
    if t in _CONTAINERS:
        return py2_repr(value)
    return str(value)


_NOT_SOFT = frozenset('\t\n\x0b\x0c\r')


class _Soft:
    """The soft-space flag of files that cannot carry an attribute."""
    flags = {}


def _get_soft(f):
    try:
        return getattr(f, 'softspace', 0)
    except Exception:
        return _Soft.flags.get(id(f), 0)


def _set_soft(f, value):
    try:
        f.softspace = value
    except Exception:
        _Soft.flags[id(f)] = value


def _write(f, text):
    try:
        f.write(text)
    except TypeError:
        f.write(to_bytes(text))


def py2_print(*args, sep=' ', end='\n', file=None, flush=False):
    """The print statement: items separated by soft spaces; a trailing comma (``end=' '`` from
    the translation) leaves the soft space pending instead of ending the line."""
    f = sys.stdout if file is None else file
    for value in args:
        text = py2_str(value)
        if _get_soft(f):
            _write(f, ' ')
        _write(f, text)
        # Python 2 sets the soft space after an item unless it ends in whitespace other than ' '.
        _set_soft(f, 0 if text and text[-1] in _NOT_SOFT else 1)
    if end != ' ':
        _write(f, end)
        _set_soft(f, 0)
    if flush:
        f.flush()


class _SoftSpaced:
    """A file wrapper carrying Python 2's ``softspace`` flag (the print statement's); every other
    attribute is the wrapped file's, named by ``_wrapped``."""

    _wrapped = None

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self.__dict__[self._wrapped], name)

    def __setattr__(self, name, value):
        if name == 'softspace':
            self.__dict__[name] = value
        else:
            setattr(self.__dict__[self._wrapped], name, value)


class Py2Stream(_SoftSpaced):
    """sys.stdout/sys.stderr of a Python 2 run: writes Python 2 str as the bytes it holds and
    clears the soft space, as Python 2's file.write did."""

    _wrapped = '_stream'

    def __init__(self, stream):
        self.__dict__['_stream'] = stream
        self.__dict__['softspace'] = 0

    def write(self, text):
        self.__dict__['softspace'] = 0
        if isinstance(text, (bytes, bytearray)):
            data = bytes(text)
        elif text.isascii() or max(text) <= '\xff':
            data = text.encode('latin-1')
        else:
            # Characters beyond U+00FF: this is unicode text, which Python 2 encoded whole for
            # the terminal (UTF-8), its accented Latin-1 letters included.
            data = text.encode('utf-8', 'surrogateescape')
        # The stream below encodes UTF-8 with surrogateescape: decoding the same way hands it
        # exactly these bytes, even a UTF-8 character split across two writes.
        return self._stream.write(data.decode('utf-8', 'surrogateescape'))


# --------------------------------------------------------------------------------------------
# Operators and str methods the translator rewrites
# --------------------------------------------------------------------------------------------

def py2_div(a, b):
    """Python 2's ``/``: floor division when both operands are integers."""
    if isinstance(a, int) and isinstance(b, int):
        return a // b
    return a / b


_BYTES_CODECS = {
    'hex': 'hex_codec', 'hex_codec': 'hex_codec',
    'base64': 'base64_codec', 'base_64': 'base64_codec', 'base64_codec': 'base64_codec',
    'zlib': 'zlib_codec', 'zip': 'zlib_codec', 'zlib_codec': 'zlib_codec',
    'bz2': 'bz2_codec', 'bz2_codec': 'bz2_codec',
    'uu': 'uu_codec', 'uu_codec': 'uu_codec',
    'quopri': 'quopri_codec', 'quotedprintable': 'quopri_codec', 'quoted_printable': 'quopri_codec',
    'quopri_codec': 'quopri_codec',
}


def _codec_name(encoding):
    return encoding.lower().replace('-', '_').replace(' ', '_')


def _string_escape(text):
    out = []
    for c in text:
        code = ord(c)
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c == "'":
            out.append("\\'")
        elif 0x20 <= code < 0x7F:
            out.append(c)
        else:
            out.append('\\x%02x' % code)
    return ''.join(out)


def py2_encode(obj, encoding=None, errors='strict'):
    """``obj.encode(...)`` from Python 2 code: the bytes-to-bytes codecs (hex, base64, zlib,
    string_escape, rot13...) work on str; text codecs encode unicode to a Python 2 str."""
    if not isinstance(obj, (str, bytes, bytearray)):
        return obj.encode() if encoding is None else obj.encode(encoding, errors)
    name = _codec_name(encoding or 'ascii')
    if name in _BYTES_CODECS:
        return to_str(codecs.encode(to_bytes(obj), _BYTES_CODECS[name], errors))
    if name in ('string_escape', 'string_escape_codec'):
        return _string_escape(to_str(obj))
    if name in ('rot13', 'rot_13'):
        return codecs.encode(to_str(obj), 'rot13')
    if isinstance(obj, (bytes, bytearray)):
        obj = obj.decode('latin-1')
    return to_str(obj.encode(encoding or 'ascii', errors))


def py2_decode(obj, encoding=None, errors='strict'):
    """``obj.decode(...)`` from Python 2 code: str (bytes) to unicode, or a bytes-to-bytes codec."""
    if not isinstance(obj, (str, bytes, bytearray)):
        return obj.decode() if encoding is None else obj.decode(encoding, errors)
    name = _codec_name(encoding or 'ascii')
    if name in _BYTES_CODECS:
        return to_str(codecs.decode(to_bytes(obj), _BYTES_CODECS[name], errors))
    if name in ('string_escape', 'string_escape_codec'):
        return to_str(codecs.escape_decode(to_bytes(obj))[0])
    if name in ('rot13', 'rot_13'):
        return codecs.decode(to_str(obj), 'rot13')
    if isinstance(obj, str) and any(ord(c) > 0xFF for c in obj):
        return obj  # already unicode
    return to_bytes(obj).decode(encoding or 'ascii', errors)


# Characters Python 3's str methods treat as spaces, line breaks, letters or digits where
# Python 2's byte strings (C locale) did not. For a byte string holding any of them, the method
# runs on a copy in which they are moved to the Private Use Area (U+E000 + byte), which no method
# treats as anything, and the result is moved back.
_SPACES3 = '\x1c\x1d\x1e\x1f\x85\xa0'
_BREAKS3 = '\x0b\x0c\x1c\x1d\x1e\x85'
_HIDE_SPACES = {ord(c): 0xE000 + ord(c) for c in _SPACES3}
_HIDE_BREAKS = {ord(c): 0xE000 + ord(c) for c in _BREAKS3}
_HIDE_HIGH = {**{i: 0xE000 + i for i in range(0x80, 0x100)}, **_HIDE_SPACES}
_UNHIDE = {0xE000 + i: i for i in range(0x100)}
_HIDING = {'split': _HIDE_SPACES, 'rsplit': _HIDE_SPACES, 'strip': _HIDE_SPACES,
           'lstrip': _HIDE_SPACES, 'rstrip': _HIDE_SPACES, 'splitlines': _HIDE_BREAKS}
_LOW_CONTROLS = frozenset('\x1c\x1d\x1e\x1f')


def py2_method(obj, name, *args, **kwargs):
    """``obj.name(...)`` for the str methods whose Python 2 byte-string rules differ (split and
    strip on ASCII whitespace only, upper/lower/is* on ASCII letters and digits only)."""
    method = getattr(obj, name)
    if type(obj) is not str or (obj.isascii() and _LOW_CONTROLS.isdisjoint(obj)):
        return method(*args, **kwargs)
    if max(obj) > '\xff':
        return method(*args, **kwargs)  # unicode: Python 3's rules are unicode's
    if name in ('split', 'rsplit', 'strip', 'lstrip', 'rstrip') and (
            (args and args[0] is not None) or kwargs.get('sep') is not None or kwargs.get('chars') is not None):
        return method(*args, **kwargs)  # explicit separators or characters: the same on both
    hidden = obj.translate(_HIDING.get(name, _HIDE_HIGH))
    result = getattr(hidden, name)(*args, **kwargs)
    if type(result) is str:
        return result.translate(_UNHIDE)
    if type(result) is list:
        return [part.translate(_UNHIDE) for part in result]
    return result


class _Converted:
    """A mapping for ``'%(key)s' % mapping`` that hands each value over as Python 2 formatted it."""

    def __init__(self, mapping, kinds):
        self._mapping = mapping
        self._kinds = kinds

    def __getitem__(self, key):
        return _convert(self._mapping[key], self._kinds.get(key))


def _convert(value, kind):
    if kind == 'r':
        return py2_repr(value)
    if kind == 's':
        return py2_str(value)
    return value


def _parse_format(fmt):
    """[(mapping key or None, conversion char, stars)] for every conversion of a % format."""
    specs = []
    i, n = 0, len(fmt)
    while i < n:
        j = fmt.find('%', i)
        if j < 0 or j + 1 >= n:
            break
        k = j + 1
        key = None
        if fmt[k] == '(':
            depth, start = 1, k + 1
            k += 1
            while k < n and depth:
                if fmt[k] == '(':
                    depth += 1
                elif fmt[k] == ')':
                    depth -= 1
                k += 1
            key = fmt[start:k - 1]
        stars = 0
        while k < n and fmt[k] in '-+ #0123456789.*hlL':
            if fmt[k] == '*':
                stars += 1
            k += 1
        if k >= n:
            break
        specs.append((key, fmt[k], stars, k))
        i = k + 1
    return specs


def py2_format(fmt, args):
    """``fmt % args`` for a literal format: %s and %r give Python 2's str() and repr()."""
    if not isinstance(fmt, str):
        return fmt % args
    specs = [s for s in _parse_format(fmt) if s[1] != '%']
    if not any(kind in 'sr' for _, kind, _, _ in specs):
        return fmt % args
    # %r becomes %s of Python 2's repr (width and flags kept).
    pieces, last = [], 0
    for _, kind, _, at in specs:
        if kind == 'r':
            pieces.append(fmt[last:at] + 's')
            last = at + 1
    new_fmt = ''.join(pieces) + fmt[last:]
    if specs and specs[0][0] is not None:
        kinds = {}
        for key, kind, _, _ in specs:
            kinds.setdefault(key, kind)
        if hasattr(args, '__getitem__') and not isinstance(args, (tuple, str)):
            return new_fmt % _Converted(args, kinds)
        return new_fmt % args
    if isinstance(args, tuple):
        values = list(args)
        pos = 0
        for _, kind, stars, _ in specs:
            pos += stars
            if pos < len(values):
                values[pos] = _convert(values[pos], kind)
            pos += 1
        return new_fmt % tuple(values)
    if len(specs) == 1:
        return new_fmt % (_convert(args, specs[0][1]),)
    return new_fmt % args


# --------------------------------------------------------------------------------------------
# Files: open(), socket files, SocketServer's rfile/wfile
# --------------------------------------------------------------------------------------------

class Py2File(_SoftSpaced):
    """A binary file as Python 2 code uses it: reads give str when Python 2 code calls them (the
    standard library, calling the same object, gets bytes), writes take str or bytes."""

    _wrapped = 'raw'

    def __init__(self, raw):
        self.__dict__['raw'] = raw
        self.__dict__['softspace'] = 0

    def _out(self, data, py2):
        return data.decode('latin-1') if py2 and isinstance(data, (bytes, bytearray)) else data

    def read(self, *args):
        return self._out(self.raw.read(*args), from_py2())

    def readline(self, *args):
        return self._out(self.raw.readline(*args), from_py2())

    def readlines(self, *args):
        lines = self.raw.readlines(*args)
        if from_py2():
            lines = [line.decode('latin-1') for line in lines]
        return lines

    def __iter__(self):
        return self

    def __next__(self):
        line = self.raw.readline()
        if not line:
            raise StopIteration
        return self._out(line, from_py2())

    next = __next__

    def write(self, data):
        self.__dict__['softspace'] = 0
        return self.raw.write(to_bytes(data))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_real_open = builtins.open


def py2_open(file, mode='r', buffering=-1, *args, **kwargs):
    """Python 2's open(): the file's bytes, whatever the mode; 'U' is universal newlines."""
    if args or kwargs or not isinstance(mode, str):
        return _real_open(file, mode, buffering, *args, **kwargs)
    universal = 'U' in mode
    mode = mode.replace('U', '').replace('t', '')
    if not mode:
        mode = 'r'
    if 'b' in mode:
        return Py2File(_real_open(file, mode, buffering))
    return _real_open(file, mode, buffering, encoding='latin-1', errors=ERRORS,
                      newline=None if universal else '')


def py2_raw_input(prompt=''):
    """raw_input(): the line's bytes as a Python 2 str."""
    line = builtins.input(py2_str(prompt).encode('latin-1', ERRORS).decode('utf-8', 'surrogateescape')
                          if prompt else '')
    return line.encode('utf-8', 'surrogateescape').decode('latin-1')


# --------------------------------------------------------------------------------------------
# Modules as Python 2 code sees them
# --------------------------------------------------------------------------------------------

def _in(value):
    if isinstance(value, str):
        return to_bytes(value)
    if isinstance(value, Proxy):
        return value._obj
    real = getattr(value, '__pysock_real__', None)
    return real if real is not None else value


def _out(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode('latin-1')
    if type(value) is tuple:
        return tuple(_out(v) for v in value)
    if type(value) is list:
        return [_out(v) for v in value]
    return value


class Proxy:
    """An object of a byte-taking module (a hash, a compressor, a Struct) for Python 2 code."""

    _aliases = {'tostring': 'tobytes', 'fromstring': 'frombytes'}

    def __init__(self, obj):
        self.__dict__['_obj'] = obj

    def __getattr__(self, name):
        value = getattr(self._obj, self._aliases.get(name, name))
        if callable(value):
            def method(*args, **kwargs):
                result = value(*[_in(a) for a in args], **{k: _in(v) for k, v in kwargs.items()})
                if type(result) is type(self._obj) and result is not self._obj:
                    return Proxy(result)
                return _out(result)
            return method
        return _out(value)

    def __setattr__(self, name, value):
        setattr(self._obj, name, value)

    def __len__(self):
        return len(self._obj)

    def __iter__(self):
        return (_out(v) for v in self._obj)

    def __getitem__(self, key):
        return _out(self._obj[key])

    def __repr__(self):
        return repr(self._obj)


def _bytes_function(func, keep=(), proxy=False, defaults=None):
    """*func* taking Python 2 str for bytes (positions in *keep* stay text) and giving str."""
    def call(*args, **kwargs):
        args = [a if i in keep else _in(a) for i, a in enumerate(args)]
        kwargs = {k: (v if k in keep else _in(v)) for k, v in kwargs.items()}
        if defaults:
            for k, v in defaults.items():
                kwargs.setdefault(k, v)
        result = func(*args, **kwargs)
        return Proxy(result) if proxy else _out(result)
    call.__name__ = getattr(func, '__name__', 'function')
    call.__doc__ = getattr(func, '__doc__', None)
    call.__pysock_real__ = func
    return call


def _all_functions(module, skip=()):
    return {name: {} for name, value in vars(module).items()
            if not name.startswith('_') and name not in skip
            and isinstance(value, (types.FunctionType, types.BuiltinFunctionType))}


def _spec_hashlib(m):
    spec = {name: {'proxy': True} for name in ('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',
                                                 'blake2b', 'blake2s', 'sha3_224', 'sha3_256',
                                                 'sha3_384', 'sha3_512') if hasattr(m, name)}
    spec['new'] = {'proxy': True, 'keep': (0, 'name')}
    spec['pbkdf2_hmac'] = {'keep': (0, 'hash_name')}
    return spec


def _hmac_new(key, msg=None, digestmod=None):
    import hmac
    # Python 2's hmac used MD5 when no digestmod was given; Python 3.8 made it required.
    return Proxy(hmac.new(_in(key), _in(msg), _in(digestmod) if digestmod is not None else 'md5'))


def _spec_hmac(m):
    return {'new': {'replace': _hmac_new}, 'HMAC': {'replace': _hmac_new},
            'compare_digest': {}, 'digest': {'keep': (2, 'digest')}}


def _spec_zlib(m):
    spec = _all_functions(m)
    spec['compressobj'] = {'proxy': True}
    spec['decompressobj'] = {'proxy': True}
    spec['crc32'] = {'replace': _signed32(m.crc32)}
    spec['adler32'] = {'replace': _signed32(m.adler32)}
    return spec


def _spec_binascii(m):
    spec = _all_functions(m)
    spec['crc32'] = {'replace': _signed32(m.crc32)}
    return spec


def _spec_base64(m):
    spec = _all_functions(m)
    # encodestring/decodestring: Python 2's names, removed in 3.9.
    spec['encodestring'] = {'replace': _bytes_function(m.encodebytes)}
    spec['decodestring'] = {'replace': _bytes_function(m.decodebytes)}
    return spec


def _spec_struct(m):
    spec = _all_functions(m)
    spec['Struct'] = {'proxy': True}
    return spec


def _spec_socket(m):
    # The text form of an address stays text; the packed form is a Python 2 str.
    return {'inet_aton': {'keep': (0,)}, 'inet_ntoa': {}, 'inet_pton': {'keep': (1,)}, 'inet_ntop': {}}


def _signed32(func):
    # Python 2's crc32 and adler32 gave a signed 32-bit int (scripts mask with & 0xffffffff).
    def call(*args):
        value = func(*[_in(a) for a in args])
        return value - (1 << 32) if value >= (1 << 31) else value
    call.__name__ = func.__name__
    call.__pysock_real__ = func
    return call


def _pickle_dumps(obj, protocol=None, *args, **kwargs):
    import pickle
    # Python 2's default protocol was 0, the ASCII one.
    return to_str(pickle.dumps(obj, 0 if protocol is None else protocol, *args, **kwargs))


def _pickle_dump(obj, file, protocol=None, *args, **kwargs):
    import pickle
    raw = file.raw if isinstance(file, Py2File) else file
    return pickle.dump(obj, raw, 0 if protocol is None else protocol, *args, **kwargs)


def _pickle_load(file, *args, **kwargs):
    import pickle
    raw = file.raw if isinstance(file, Py2File) else file
    return pickle.load(raw, *args, **kwargs)


def _spec_pickle(m):
    return {'dumps': {'replace': _pickle_dumps}, 'dump': {'replace': _pickle_dump},
            'loads': {'keep': ('encoding', 'errors', 'fix_imports')}, 'load': {'replace': _pickle_load}}


def _spec_marshal(m):
    return {'dumps': {'keep': (0, 'value')}, 'loads': {}}


def _spec_os(m):
    return {'urandom': {}}


def _url_quote(func):
    def quote(s, safe='/', *args, **kwargs):
        return func(to_bytes(s) if isinstance(s, str) else s, safe, *args, **kwargs)
    quote.__name__ = func.__name__
    return quote


def _spec_urllib_parse(m):
    def unquote(s, *args, **kwargs):
        return to_str(m.unquote_to_bytes(s))

    def unquote_plus(s, *args, **kwargs):
        return to_str(m.unquote_to_bytes(s.replace('+', ' ')))

    def urlencode(query, doseq=0, *args, **kwargs):
        kwargs.setdefault('encoding', 'latin-1')
        kwargs.setdefault('errors', ERRORS)
        return m.urlencode(query, doseq, *args, **kwargs)

    def with_latin1(func):
        def call(*args, **kwargs):
            kwargs.setdefault('encoding', 'latin-1')
            return func(*args, **kwargs)
        return call

    return {'quote': {'replace': _url_quote(m.quote)}, 'quote_plus': {'replace': _url_quote(m.quote_plus)},
            'unquote': {'replace': unquote}, 'unquote_plus': {'replace': unquote_plus},
            'urlencode': {'replace': urlencode},
            'parse_qs': {'replace': with_latin1(m.parse_qs)}, 'parse_qsl': {'replace': with_latin1(m.parse_qsl)}}


def _array(typecode, initializer=None):
    import array
    # 'c' (a char array) went with Python 2's str; bytes of it are typecode 'B' now.
    if typecode == 'c':
        typecode = 'B'
    if isinstance(initializer, str):
        initializer = to_bytes(initializer)
    return Proxy(array.array(typecode) if initializer is None else array.array(typecode, initializer))


def _spec_array(m):
    return {'array': {'replace': _array}}


def _spec_string(m):
    import string as s3

    def split(s, sep=None, maxsplit=-1):
        return s.split(sep, maxsplit)

    def join(words, sep=' '):
        return sep.join(words)

    def maketrans(frm, to):
        if len(frm) != len(to):
            raise ValueError('maketrans arguments must have same length')
        table = [chr(i) for i in range(256)]
        for a, b in zip(frm, to):
            table[ord(a)] = b
        return ''.join(table)

    def atoi(s, base=10):
        return int(s, base)

    funcs = {
        'atoi': atoi, 'atol': atoi, 'atof': float, 'split': split, 'splitfields': split,
        'join': join, 'joinfields': join, 'maketrans': maketrans,
        'letters': s3.ascii_letters, 'lowercase': s3.ascii_lowercase, 'uppercase': s3.ascii_uppercase,
    }
    for name in ('lower', 'upper', 'strip', 'lstrip', 'rstrip', 'capitalize', 'swapcase', 'replace',
                 'find', 'rfind', 'index', 'rindex', 'count', 'zfill', 'ljust', 'rjust', 'center',
                 'expandtabs', 'translate'):
        funcs[name] = (lambda meth: lambda s, *args: getattr(s, meth)(*args))(name)
    return {name: {'value': value} for name, value in funcs.items()}


SPECS = {
    'hashlib': _spec_hashlib, 'hmac': _spec_hmac, 'zlib': _spec_zlib, 'binascii': _spec_binascii,
    'base64': _spec_base64, 'struct': _spec_struct, 'socket': _spec_socket, 'pickle': _spec_pickle,
    'marshal': _spec_marshal, 'os': _spec_os, 'urllib.parse': _spec_urllib_parse,
    'array': _spec_array, 'string': _spec_string,
}
# Packages whose submodules have views: `import urllib.parse` binds `urllib`.
_PARENTS = {'urllib'}


class View(types.ModuleType):
    """A module as Python 2 code sees it: its byte-taking functions take and give str."""

    def __init__(self, module, spec):
        super().__init__(module.__name__, module.__doc__)
        self.__dict__['_pysock_module'] = module
        self.__dict__['_pysock_spec'] = spec

    def __getattr__(self, name):
        module = self.__dict__['_pysock_module']
        entry = self.__dict__['_pysock_spec'].get(name)
        if entry is not None and 'value' in entry:
            value = entry['value']
        elif entry is not None and 'replace' in entry:
            value = entry['replace']
        else:
            value = getattr(module, name)
            if entry is not None:
                value = _bytes_function(value, keep=entry.get('keep', ()), proxy=entry.get('proxy', False))
            elif isinstance(value, types.ModuleType):
                value = view_of(value)
        self.__dict__[name] = value
        return value

    def __setattr__(self, name, value):
        setattr(self.__dict__['_pysock_module'], name, value)
        self.__dict__[name] = value

    def __dir__(self):
        return dir(self.__dict__['_pysock_module'])


_views = {}


def view_of(module):
    name = getattr(module, '__name__', None)
    if name not in SPECS and name not in _PARENTS:
        return module
    view = _views.get(name)
    if view is None or view._pysock_module is not module:
        spec = SPECS[name](module) if name in SPECS else {}
        view = _views[name] = View(module, spec)
    return view


_real_import = builtins.__import__


def py2_urllib_urlopen(url, data=None, proxies=None, context=None):
    """Python 2's urllib.urlopen: an HTTP error status is a page to read, not an exception
    (urllib2.urlopen raises HTTPError; the translation maps both to urllib.request.urlopen)."""
    import urllib.error
    import urllib.request
    if isinstance(data, str):
        data = to_bytes(data)
    try:
        return urllib.request.urlopen(url, data, context=context) if context else urllib.request.urlopen(url, data)
    except urllib.error.HTTPError as e:
        return e


def _import_hook(name, globals=None, locals=None, fromlist=(), level=0):
    module = _real_import(name, globals, locals, fromlist, level)
    if (level == 0 and isinstance(globals, dict) and globals.get('__pysock_py2__')
            and isinstance(module, types.ModuleType)):
        return view_of(module)
    return module


def install_import_hook():
    """Imports made by Python 2 code (a namespace marked ``__pysock_py2__``) get the Python 2
    views of byte-taking modules; every other import is passed through untouched. GraalPy takes
    ``__import__`` from the builtins module, never from a namespace's ``__builtins__``."""
    if getattr(builtins.__import__, '__pysock_py2__', False):
        return
    _import_hook.__pysock_py2__ = True
    builtins.__import__ = _import_hook


def names_for(print_function=False):
    """The names a Python 2 script's namespace starts with, ahead of the builtins: the print
    statement, Python 2's repr, open and raw_input, and the helpers its translation calls.
    (In the namespace, not in a ``__builtins__`` of its own: GraalPy looks builtins up in the
    builtins module only.)"""
    names = {
        '__pysock_py2__': True,
        'repr': py2_repr, 'open': py2_open, 'file': py2_open, 'input': py2_raw_input,
        '_py2_div': py2_div, '_py2_encode': py2_encode, '_py2_decode': py2_decode,
        '_py2_format': py2_format, '_py2_str': py2_str, '_py2_urllib_urlopen': py2_urllib_urlopen,
        '_py2_long': py2_long, '_py2_method': py2_method,
    }
    if not print_function:
        names['print'] = py2_print
    return names


def install_streams():
    for name in ('stdout', 'stderr'):
        stream = getattr(sys, name)
        if not isinstance(stream, Py2Stream):
            setattr(sys, name, Py2Stream(stream))
