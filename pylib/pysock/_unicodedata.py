"""The part of ``unicodedata`` that GraalPy 25.0 keeps in a C extension, on ICU4J's data.

GraalPy's own ``unicodedata`` is Java code, but it fetches ``ucd_3_2_0``, ``lookup``,
``east_asian_width`` and ``combining`` from the native module ``_cpython_unicodedata``, which
pysock never loads. pysock serves this module under that name (pysock._bootstrap), so those
attributes work: ``stringprep`` and the ``idna`` codec (``encodings.idna``, used by every library
that encodes host names) run unchanged, and tracebacks get CPython's carets.

The data is io.pysock.python.UnicodeData (ICU4J, Unicode 16.0, the version GraalPy's own
``unicodedata`` reports). ``ucd_3_2_0`` is Unicode 3.2 as ICU defines it for StringPrep: code
points assigned after 3.2 are unassigned there; the rest keep today's properties.
"""

_j = None  # the Java UnicodeData, set by pysock._bootstrap when it loads this module


def _code(fname, chr):
    if not isinstance(chr, str):
        raise TypeError("%s() argument must be a unicode character, not %s" % (fname, type(chr).__name__))
    if len(chr) != 1:
        raise TypeError("%s() argument must be a unicode character, not str" % fname)
    return ord(chr)


class UCD:
    """A Unicode database of an older version (CPython's unicodedata.UCD); only 3.2.0 exists."""

    unidata_version = "3.2.0"

    def _assigned(self, c):
        return _j.assignedIn32(c)

    def category(self, chr):
        c = _code("category", chr)
        return _j.category(c) if self._assigned(c) else "Cn"

    def bidirectional(self, chr):
        c = _code("bidirectional", chr)
        return _j.bidirectional(c) if self._assigned(c) else ""

    def combining(self, chr):
        c = _code("combining", chr)
        return _j.combining(c) if self._assigned(c) else 0

    def mirrored(self, chr):
        c = _code("mirrored", chr)
        return int(_j.mirrored(c)) if self._assigned(c) else 0

    def east_asian_width(self, chr):
        c = _code("east_asian_width", chr)
        # CPython's 3.2 view gives "F" (its table's first entry) to characters 3.2 lacked.
        return _j.eastAsianWidth(c) if self._assigned(c) else "F"

    def decomposition(self, chr):
        c = _code("decomposition", chr)
        return _j.decomposition(c) if self._assigned(c) else ""

    def name(self, chr, default=_code):
        c = _code("name", chr)
        n = _j.name(c) if self._assigned(c) else None
        if n is None:
            if default is _code:
                raise ValueError("no such name")
            return default
        return n

    def lookup(self, name):
        return _lookup(name, self)

    def _numeric(self, fname, chr, default, least):
        c = _code(fname, chr)
        if self._assigned(c) and _j.numericType(c) >= least:
            v = _j.numericValue(c)
            return v if fname == "numeric" else int(v)
        if default is _code:
            raise ValueError("not a " + ("numeric character" if fname == "numeric" else fname))
        return default

    def decimal(self, chr, default=_code):
        return self._numeric("decimal", chr, default, 3)

    def digit(self, chr, default=_code):
        return self._numeric("digit", chr, default, 2)

    def numeric(self, chr, default=_code):
        return self._numeric("numeric", chr, default, 1)

    def normalize(self, form, unistr):
        return _normalize("normalize", form, unistr, self is ucd_3_2_0)

    def is_normalized(self, form, unistr):
        return _normalize("is_normalized", form, unistr, self is ucd_3_2_0)


def _normalize(fname, form, unistr, v32):
    if not isinstance(form, str):
        raise TypeError("%s() argument 1 must be str, not %s" % (fname, type(form).__name__))
    if not isinstance(unistr, str):
        raise TypeError("%s() argument 2 must be str, not %s" % (fname, type(unistr).__name__))
    if form not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise ValueError("invalid normalization form")
    if fname == "normalize":
        return _j.normalize(form, unistr, v32) if unistr else unistr
    return bool(_j.isNormalized(form, unistr, v32))


def _lookup(name, ucd=None):
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    if not isinstance(name, str):
        raise TypeError("lookup() argument must be str, not %s" % type(name).__name__)
    c = _j.lookup(name)
    if c < 0 or (ucd is not None and not ucd._assigned(c)):
        raise KeyError("undefined character name '%s'" % name)
    return chr(c)


ucd_3_2_0 = UCD()


def lookup(name):
    """The character with this name (or name alias); KeyError if there is none."""
    return _lookup(name)


def east_asian_width(chr):
    return _j.eastAsianWidth(_code("east_asian_width", chr))


def combining(chr):
    return _j.combining(_code("combining", chr))
