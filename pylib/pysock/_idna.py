"""The ``idna`` codec without ``unicodedata``.

CPython's ``encodings.idna`` imports ``stringprep``, which needs ``unicodedata.ucd_3_2_0``; on
GraalPy 25.0 that is a native module, and pysock never grants native access. Without this codec
``ssl`` cannot even encode ``server_hostname`` (``LookupError: unknown encoding: idna``).

This codec gives CPython's results for ASCII host names (every name in the tests and nearly all
real ones): labels are checked for length and passed through unchanged. A non-ASCII label is
lower-cased and Punycode-encoded with an ``xn--`` prefix; full nameprep (NFKC normalisation and
the RFC 3454 tables) is not applied, so exotic characters may encode differently from CPython.
"""

import codecs

_DOTS = ("\u002e", "\u3002", "\uff0e", "\uff61")


def _labels(text):
    for dot in _DOTS[1:]:
        text = text.replace(dot, ".")
    return text.split(".")


def _to_ascii(label):
    try:
        raw = label.encode("ascii")
    except UnicodeError:
        if label.lower().startswith("xn--"):
            raise UnicodeError("Label starts with ACE prefix")
        raw = b"xn--" + label.lower().encode("punycode")
    if not 0 < len(raw) < 64:
        raise UnicodeError("label empty or too long")
    return raw


def _to_unicode(label):
    if label[:4].lower() == b"xn--":
        return label[4:].decode("punycode")
    return label.decode("ascii")


def encode(text, errors="strict"):
    if errors != "strict":
        raise UnicodeError("unsupported error handling " + errors)
    if not text:
        return b"", 0
    labels = _labels(text)
    trailing = b""
    if labels and not labels[-1]:
        trailing = b"."
        del labels[-1]
    return b".".join(_to_ascii(l) for l in labels) + trailing, len(text)


def decode(data, errors="strict"):
    if errors != "strict":
        raise UnicodeError("Unsupported error handling " + errors)
    data = bytes(data)
    if not data:
        return "", 0
    labels = data.split(b".")
    trailing = ""
    if labels and not labels[-1]:
        trailing = "."
        del labels[-1]
    return ".".join(_to_unicode(l) for l in labels) + trailing, len(data)


class Codec(codecs.Codec):
    def encode(self, text, errors="strict"):
        return encode(text, errors)

    def decode(self, data, errors="strict"):
        return decode(data, errors)


class IncrementalEncoder(codecs.BufferedIncrementalEncoder):
    def _buffer_encode(self, text, errors, final):
        return encode(text, errors)


class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):
        return decode(data, errors)


class StreamWriter(Codec, codecs.StreamWriter):
    pass


class StreamReader(Codec, codecs.StreamReader):
    pass


def getregentry():
    return codecs.CodecInfo(name="idna", encode=encode, decode=decode,
                            incrementalencoder=IncrementalEncoder, incrementaldecoder=IncrementalDecoder,
                            streamwriter=StreamWriter, streamreader=StreamReader)


def install():
    """Makes ``str.encode('idna')`` use this codec (the encodings package's cache is consulted first)."""
    import encodings
    encodings._cache["idna"] = getregentry()
