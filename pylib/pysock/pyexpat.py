"""A pure-Python ``pyexpat`` for scripts that run without native access.

GraalPy 25.0's ``pyexpat`` is a C extension; pysock never grants native access to scripts, so
``xml.parsers.expat`` (and with it ``xmlrpc.client``/``xmlrpc.server``, ``xml.etree``, ``plistlib``)
would fail with "Cannot run any C extensions because native access is not allowed". pysock puts
this module in its place. It is a non-validating XML 1.0 parser with expat's Python interface:

* handlers: StartElement, EndElement, CharacterData, ProcessingInstruction, Comment,
  StartCdataSection, EndCdataSection, XmlDecl, StartNamespaceDecl, EndNamespaceDecl, Default,
  DefaultHandlerExpand, StartDoctypeDecl, EndDoctypeDecl;
* ``ParserCreate(encoding, namespace_separator)``, ``Parse``/``ParseFile`` fed in pieces,
  ``ordered_attributes``, ``buffer_text``, ``specified_attributes``, positions, ``ExpatError``
  with expat's codes and messages for the common well-formedness errors;
* the five predefined entities and character references; encodings from the XML declaration.

Not provided: DTD processing (an internal subset is skipped, its entities are not defined),
external entities, ``SetParamEntityParsing`` effects, ``xml.sax`` features that need them.
"""

import codecs as _codecs
import re as _re
import sys as _sys
import types as _types

EXPAT_VERSION = "expat_2.6.0 (pysock pure Python)"
version_info = (2, 6, 0)
native_encoding = "UTF-8"
features = [("sizeof(XML_Char)", 1), ("sizeof(XML_LChar)", 1)]
XML_PARAM_ENTITY_PARSING_NEVER = 0
XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE = 1
XML_PARAM_ENTITY_PARSING_ALWAYS = 2


class ExpatError(Exception):
    pass


error = ExpatError

# expat's error codes and messages (the ones this parser can raise, plus their neighbours)
_MESSAGES = {
    1: "out of memory", 2: "syntax error", 3: "no element found", 4: "not well-formed (invalid token)",
    5: "unclosed token", 6: "partial character", 7: "mismatched tag", 8: "duplicate attribute",
    9: "junk after document element", 11: "undefined entity", 14: "reference to invalid character number",
    17: "XML or text declaration not at start of entity", 18: "unknown encoding",
    20: "encoding specified in XML declaration is incorrect", 21: "unclosed CDATA section",
}
errors = _types.ModuleType("pyexpat.errors")
errors.messages = dict(_MESSAGES)
errors.codes = {m: c for c, m in _MESSAGES.items()}
for _code, _name in ((1, "NO_MEMORY"), (2, "SYNTAX"), (3, "NO_ELEMENTS"), (4, "INVALID_TOKEN"),
                     (5, "UNCLOSED_TOKEN"), (6, "PARTIAL_CHAR"), (7, "TAG_MISMATCH"), (8, "DUPLICATE_ATTRIBUTE"),
                     (9, "JUNK_AFTER_DOC_ELEMENT"), (11, "UNDEFINED_ENTITY"), (14, "BAD_CHAR_REF"),
                     (17, "MISPLACED_XML_PI"), (18, "UNKNOWN_ENCODING"), (20, "INCORRECT_ENCODING"),
                     (21, "UNCLOSED_CDATA_SECTION")):
    setattr(errors, "XML_ERROR_" + _name, _MESSAGES[_code])
model = _types.ModuleType("pyexpat.model")
for _i, _name in enumerate(("XML_CTYPE_EMPTY", "XML_CTYPE_ANY", "XML_CTYPE_MIXED", "XML_CTYPE_NAME",
                            "XML_CTYPE_CHOICE", "XML_CTYPE_SEQ"), 1):
    setattr(model, _name, _i)
for _i, _name in enumerate(("XML_CQUANT_NONE", "XML_CQUANT_OPT", "XML_CQUANT_REP", "XML_CQUANT_PLUS")):
    setattr(model, _name, _i)


def ErrorString(code):
    return _MESSAGES.get(code)


_HANDLERS = ("StartElementHandler", "EndElementHandler", "CharacterDataHandler", "ProcessingInstructionHandler",
             "CommentHandler", "StartCdataSectionHandler", "EndCdataSectionHandler", "XmlDeclHandler",
             "StartNamespaceDeclHandler", "EndNamespaceDeclHandler", "DefaultHandler", "DefaultHandlerExpand",
             "StartDoctypeDeclHandler", "EndDoctypeDeclHandler", "UnparsedEntityDeclHandler",
             "EntityDeclHandler", "NotationDeclHandler", "ElementDeclHandler", "AttlistDeclHandler",
             "SkippedEntityHandler", "NotStandaloneHandler", "ExternalEntityRefHandler")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_REF = _re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);")
_NAME = r"[^\s/>=<\"'!?]+"
_ATTR = _re.compile(r"\s*(" + _NAME + r")\s*=\s*(\"[^\"<]*\"|'[^'<]*')")
_TAG = _re.compile(r"<(" + _NAME + r")((?:\s+" + _NAME + r"\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?)>")
_DECL = _re.compile(r"""<\?xml(?:\s+version\s*=\s*["']([^"']*)["'])?(?:\s+encoding\s*=\s*["']([^"']*)["'])?"""
                    r"""(?:\s+standalone\s*=\s*["'](yes|no)["'])?\s*\?>""")


def ParserCreate(encoding=None, namespace_separator=None, intern=None):
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError("ParserCreate() argument 'encoding' must be str or None, not %s" % type(encoding).__name__)
    if namespace_separator is not None:
        if not isinstance(namespace_separator, str):
            raise TypeError("ParserCreate() argument 'namespace_separator' must be str or None")
        if len(namespace_separator) > 1:
            raise ValueError("namespace_separator must be at most one character, omitted, or None")
    return XMLParserType(encoding, namespace_separator, intern)


class XMLParserType:
    def __init__(self, encoding, namespace_separator, intern):
        for name in _HANDLERS:
            object.__setattr__(self, name, None)
        self._encoding = encoding
        self._sep = namespace_separator
        self.intern = {} if intern is None else intern
        self.buffer_text = False
        self.buffer_size = 8192
        self.ordered_attributes = False
        self.specified_attributes = False
        self.namespace_prefixes = False
        self._raw = b""
        self._decoder = None
        self._text = ""
        self._cr = ""
        self._stack = []
        self._ns = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        self._root_done = False
        self._seen_root = False
        self._started = False
        self._finished = False
        self._line = 1
        self._col = 0
        self._bytes = 0
        self.ErrorCode = 0
        self.ErrorLineNumber = self.ErrorColumnNumber = 1
        self.ErrorByteIndex = -1

    # positions --------------------------------------------------------------
    @property
    def CurrentLineNumber(self):
        return self._line

    @property
    def CurrentColumnNumber(self):
        return self._col

    @property
    def CurrentByteIndex(self):
        return self._bytes

    def _advance(self, text):
        lines = text.count("\n")
        if lines:
            self._line += lines
            self._col = len(text) - text.rfind("\n") - 1
        else:
            self._col += len(text)
        self._bytes += len(text.encode("utf-8", "surrogatepass"))

    def _fail(self, code):
        self.ErrorCode = code
        self.ErrorLineNumber, self.ErrorColumnNumber = self._line, self._col
        self.ErrorByteIndex = self._bytes
        e = ExpatError("%s: line %d, column %d" % (_MESSAGES[code], self._line, self._col))
        e.code, e.lineno, e.offset = code, self._line, self._col
        raise e

    # feeding ------------------------------------------------------------------
    def Parse(self, data, isfinal=False):
        if self._finished:
            self._fail(2) if data else None
            return 1
        if isinstance(data, str):
            self._add_text(data, isfinal)
        else:
            self._feed_bytes(bytes(data), isfinal)
        self._run(isfinal)
        if isfinal:
            self._finished = True
            if not self._seen_root:
                self._fail(3)
            if self._stack:
                self._fail(3 if not self._text else 5)
        return 1

    def ParseFile(self, file):
        while True:
            data = file.read(self.buffer_size)
            if not data:
                return self.Parse(b"", True)
            self.Parse(data, False)

    def _feed_bytes(self, data, final):
        if self._decoder is None:
            self._raw += data
            head = self._raw
            if head.startswith(_codecs.BOM_UTF8):
                enc, head = "utf-8", head[3:]
            elif head.startswith((_codecs.BOM_UTF16_LE, _codecs.BOM_UTF16_BE)):
                enc = "utf-16"
            elif head.startswith(b"<?xml") and b"?>" not in head and not final:
                return  # wait for the whole declaration
            else:
                m = _re.match(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", head)
                enc = self._encoding or (m.group(1).decode("ascii") if m else "utf-8")
            try:
                self._decoder = _codecs.getincrementaldecoder(enc)()
            except LookupError:
                self._fail(18)
            data, self._raw = head, b""
        try:
            self._add_text(self._decoder.decode(data, final), final)
        except UnicodeDecodeError:
            self._fail(4)

    def _add_text(self, text, final):
        # line ends become \n, as expat reports them; a \r at the end of a piece waits for its \n
        text = self._cr + text
        self._cr = ""
        if text.endswith("\r") and not final:
            text, self._cr = text[:-1], "\r"
        self._text += text.replace("\r\n", "\n").replace("\r", "\n")

    # the tokenizer ----------------------------------------------------------------
    def _run(self, final):
        text = self._text
        pos = 0
        n = len(text)
        while pos < n:
            if text[pos] != "<":
                end = text.find("<", pos)
                if end < 0:
                    if not final:
                        break  # more text may follow
                    end = n
                self._chars(text[pos:end])
                pos = end
                continue
            end = self._markup(text, pos, final)
            if end < 0:
                break
            pos = end
        self._text = text[pos:]

    def _markup(self, text, pos, final):
        """Handles the markup at pos; returns where it ends, or -1 when it is not complete yet."""
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            if end < 0:
                return self._incomplete(final)
            raw = text[pos:end + 2]
            if raw.startswith("<?xml") and (len(raw) == 5 or raw[5] in " \t\n?"):
                if self._started:
                    self._fail(17)
                m = _DECL.fullmatch(raw)
                if not m:
                    self._fail(2)
                self._call("XmlDeclHandler", m.group(1), m.group(2), -1 if m.group(3) is None
                           else int(m.group(3) == "yes"))
            else:
                body = raw[2:-2]
                target, _, data = body.partition(" ")
                self._call("ProcessingInstructionHandler", target, data.lstrip())
            self._started = True
            self._advance(raw)
            return end + 2
        self._started = True
        if text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return self._incomplete(final)
            self._call("CommentHandler", text[pos + 4:end])
            self._advance(text[pos:end + 3])
            return end + 3
        if text.startswith("<![CDATA[", pos):
            end = text.find("]]>", pos)
            if end < 0:
                return self._incomplete(final, 21)
            if not self._stack:
                self._fail(2)
            self._call("StartCdataSectionHandler")
            if end > pos + 9:
                self._call("CharacterDataHandler", text[pos + 9:end])
            self._call("EndCdataSectionHandler")
            self._advance(text[pos:end + 3])
            return end + 3
        if text.startswith("<!DOCTYPE", pos):
            end = self._doctype_end(text, pos)
            if end < 0:
                return self._incomplete(final)
            name = text[pos + 9:end].split(None, 1)[0] if text[pos + 9:end].strip() else None
            self._call("StartDoctypeDeclHandler", name, None, None, "[" in text[pos:end])
            self._call("EndDoctypeDeclHandler")
            self._advance(text[pos:end + 1])
            return end + 1
        if text.startswith("</", pos):
            end = text.find(">", pos)
            if end < 0:
                return self._incomplete(final)
            name = text[pos + 2:end].strip()
            if not self._stack or self._stack[-1][0] != name:
                self._fail(7 if self._stack else 9 if self._root_done else 2)
            self._end_element()
            self._advance(text[pos:end + 1])
            return end + 1
        m = _TAG.match(text, pos)
        if not m:
            if text.find(">", pos) < 0:
                return self._incomplete(final)
            self._fail(4)
        if self._root_done:
            self._fail(9)
        self._start_element(m.group(1), m.group(2))
        if m.group(3):
            self._end_element()
        self._advance(m.group(0))
        return m.end()

    @staticmethod
    def _doctype_end(text, pos):
        depth, quote = 0, None
        for i in range(pos + 2, len(text)):
            c = text[i]
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
            elif c == ">" and depth <= 0:
                return i
        return -1

    def _incomplete(self, final, code=5):
        if final:
            self._fail(code)
        return -1

    # content ------------------------------------------------------------------------
    def _chars(self, raw):
        if not self._stack:
            if raw.strip():
                self._fail(9 if self._root_done else 2)
            self._advance(raw)
            return
        if self.CharacterDataHandler is not None:
            self.CharacterDataHandler(self._expand(raw))
        elif self.DefaultHandlerExpand is not None:
            self.DefaultHandlerExpand(self._expand(raw))
        elif self.DefaultHandler is not None:
            self.DefaultHandler(raw)
        self._advance(raw)

    def _expand(self, raw):
        if "&" not in raw:
            return raw

        def ref(m):
            name = m.group(1)
            if name.startswith("#"):
                try:
                    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                    return chr(code)
                except (ValueError, OverflowError):
                    self._fail(14)
            if name in _ENTITIES:
                return _ENTITIES[name]
            self._fail(11)
        out = _REF.sub(ref, raw)
        if "&" in _REF.sub("", raw):
            self._fail(4)
        return out

    def _start_element(self, name, attr_text):
        raw_name = name
        attrs = []
        seen = set()
        for m in _ATTR.finditer(attr_text):
            key = m.group(1)
            if key in seen:
                self._fail(8)
            seen.add(key)
            value = self._expand(m.group(2)[1:-1]).replace("\t", " ").replace("\n", " ")
            attrs.append((key, value))
        declared = []
        if self._sep is not None:
            scope = dict(self._ns[-1])
            plain = []
            for key, value in attrs:
                if key == "xmlns" or key.startswith("xmlns:"):
                    prefix = key[6:] or None
                    scope[prefix or ""] = value
                    declared.append(prefix)
                    self._call("StartNamespaceDeclHandler", prefix, value)
                else:
                    plain.append((key, value))
            self._ns.append(scope)
            name = self._qualify(name, scope, True)
            attrs = [(self._qualify(k, scope, False), v) for k, v in plain]
        self._stack.append((raw_name, declared, name))
        self._seen_root = True
        if self.StartElementHandler is not None:
            if self.ordered_attributes:
                flat = []
                for k, v in attrs:
                    flat += [k, v]
                self.StartElementHandler(name, flat)
            else:
                self.StartElementHandler(name, dict(attrs))

    def _qualify(self, qname, scope, element):
        prefix, colon, local = qname.partition(":")
        if not colon:
            uri = scope.get("") if element else None
            return uri + self._sep + qname if uri else qname
        uri = scope.get(prefix)
        if uri is None:
            return qname
        if self.namespace_prefixes:
            return uri + self._sep + local + self._sep + prefix
        return uri + self._sep + local

    def _end_element(self):
        raw_name, declared, name = self._stack.pop()
        if self._sep is not None:
            self._ns.pop()
        self._call("EndElementHandler", name)
        for prefix in reversed(declared):
            self._call("EndNamespaceDeclHandler", prefix)
        if not self._stack:
            self._root_done = True

    def _call(self, handler, *args):
        fn = getattr(self, handler)
        if fn is not None:
            fn(*args)

    # the rest of expat's interface ------------------------------------------------------
    def SetParamEntityParsing(self, flag):
        return 1

    def UseForeignDTD(self, flag=True):
        pass

    def SetBase(self, base):
        self._base = base

    def GetBase(self):
        return getattr(self, "_base", None)

    def GetInputContext(self):
        return None

    def GetReparseDeferralEnabled(self):
        return False

    def SetReparseDeferralEnabled(self, enabled):
        pass

    def ExternalEntityParserCreate(self, context, encoding=None):
        raise ExpatError("pysock's pure-Python pyexpat does not load external entities")
