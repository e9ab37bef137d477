"""`pysock translate --check FILE`: the lines of a Python 2 script that pysock cannot make
behave as Python 2 did, each with the reason, so a user knows before running it.

The check reads the translation pysock would run (Python 3 source with the original line
numbers) with ``ast``, and the original tokens for what translation erases (``10L``, ``u''``).
It reports what the runtime cannot see: dict order, unicode being str, ``cmp``,
Python 2 special methods, names removed from Python 3 that pysock does not provide, and Python 2
modules imported from beside the script (only the script itself is translated).
"""

import ast
import importlib
import io
import os
import sys

_DICT_VIEWS = {'keys', 'values', 'items'}
# Consumers for which dict order does not matter.
_ORDERLESS = {'sorted', 'set', 'frozenset', 'len', 'sum', 'max', 'min', 'any', 'all', 'dict'}
_SPECIAL = {
    '__cmp__': 'Python 3 never calls __cmp__ (define __eq__/__lt__...)',
    '__div__': "`/` calls __truediv__ on Python 3; pysock's Python 2 `/` only floors integers",
    '__rdiv__': "`/` calls __rtruediv__ on Python 3",
    '__idiv__': "`/=` calls __itruediv__ on Python 3",
    '__getslice__': 'Python 3 slices through __getitem__ with a slice object',
    '__setslice__': 'Python 3 slices through __setitem__ with a slice object',
    '__delslice__': 'Python 3 slices through __delitem__ with a slice object',
    '__unicode__': 'Python 3 never calls __unicode__',
    '__coerce__': 'Python 3 never calls __coerce__',
    '__oct__': 'oct() uses __index__ on Python 3',
    '__hex__': 'hex() uses __index__ on Python 3',
}
_RANDOM_CHANGED = {'randint', 'randrange', 'choice', 'shuffle', 'sample'}


def check_source(text, filename, translation=None):
    """[(line, message)] for a Python 2 source (decoded text)."""
    from pysock.py2 import aliases, translate
    if translation is None:
        translation = translate.translate(text, filename)
    tree = ast.parse(translation, filename)
    found = []
    found += _token_findings(text)
    visitor = _Visitor(filename)
    aliases.install()
    visitor.visit(tree)
    found += visitor.found
    return sorted(set(found))


def _token_findings(text):
    from lib2to3.pgen2 import token, tokenize
    found = []
    tokens = list(_tokens(text))
    for i, (kind, value, (line, _), _, _) in enumerate(tokens):
        if kind == token.STRING:
            quote = min(j for j in (value.find("'"), value.find('"')) if j >= 0)
            if ('u' in value[:quote].lower() and any(0x80 <= ord(c) <= 0xFF for c in value)
                    and all(ord(c) <= 0xFF for c in value)):
                found.append((line, 'unicode literal whose characters are all below U+0100: pysock cannot '
                                    'tell it from a byte string, so printed or sent as is it goes out as '
                                    'Latin-1 bytes, not UTF-8 (encode it explicitly)'))
        elif kind == token.NAME and value == 'unicode':
            nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ''
            if nxt != '(':
                found.append((line, 'the unicode type: str and unicode are one type on pysock, so '
                                    'isinstance/type() tests on it are true for byte strings too'))
    return found


def _tokens(text):
    from lib2to3.pgen2 import tokenize
    try:
        yield from tokenize.generate_tokens(io.StringIO(text).readline)
    except tokenize.TokenError:
        return


class _Visitor(ast.NodeVisitor):
    def __init__(self, filename):
        self.filename = filename
        self.found = []
        self.modules = {}      # local name -> module name (top-level imports)
        self.parents = []
        self.seeds = False
        self.unicode_names = set()   # names bound to the result of .decode(...)

    def report(self, node, message):
        self.found.append((node.lineno, message))

    def generic_visit(self, node):
        self.parents.append(node)
        super().generic_visit(node)
        self.parents.pop()

    # imports ----------------------------------------------------------------------------
    def visit_Import(self, node):
        for alias in node.names:
            self._import(node, alias.name)
            top = alias.name.split('.')[0]
            self.modules[alias.asname or top] = alias.name if alias.asname else top
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            self._import(node, node.module)
            if node.module != '__future__':
                module = self._load(node.module)
                for alias in node.names:
                    if module is not None and alias.name != '*' and not hasattr(module, alias.name) \
                            and self._load(node.module + '.' + alias.name) is None:
                        self.report(node, 'from %s import %s: Python 3 has no %s.%s and pysock does not '
                                          'provide it' % (node.module, alias.name, node.module, alias.name))
        self.generic_visit(node)

    def _import(self, node, name):
        top = name.split('.')[0]
        here = os.path.dirname(os.path.abspath(self.filename))
        local = os.path.join(here, top + '.py')
        if os.path.isfile(local):
            if _is_python2_file(local):
                self.report(node, 'import %s: %s is Python 2, and pysock translates only the script '
                                  'it runs, not the modules it imports' % (name, os.path.basename(local)))
            return
        if self._load(name) is None:
            self.report(node, 'import %s: no such module on Python 3, and pysock has no stand-in' % name)

    def _load(self, name):
        from pysock.py2 import runtime
        try:
            return runtime.view_of(importlib.import_module(name))
        except Exception:
            return None

    # attributes, calls, special methods ---------------------------------------------------
    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id in self.modules:
            module = self._load(self.modules[node.value.id])
            if module is not None and not hasattr(module, node.attr) \
                    and self._load(self.modules[node.value.id] + '.' + node.attr) is None:
                self.report(node, '%s.%s: Python 3 has no %s.%s and pysock does not provide it'
                            % (node.value.id, node.attr, self.modules[node.value.id], node.attr))
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _DICT_VIEWS and not node.args \
                and not node.keywords and not self._orderless():
            self.report(node, '.%s(): Python 2 listed a dict in its hash order, Python 3 (so pysock) in '
                              'insertion order; the order can differ' % func.attr)
        if (isinstance(func, ast.Name) and func.id == '_py2_method' and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in ('upper', 'lower', 'title', 'capitalize', 'swapcase')
                and self._is_unicode(node.args[0])):
            self.report(node, "unicode .%s(): pysock's unicode follows Python 3's case rules "
                              "(u'\\xdf'.upper() is 'SS', Python 2 left it)" % node.args[1].value)
        if isinstance(func, ast.Name) and func.id == 'cmp':
            self.report(node, 'cmp(): not a built-in on Python 3')
        for kw in node.keywords:
            if kw.arg == 'cmp':
                self.report(node, 'cmp= argument: Python 3 sorts with key= only')
        if isinstance(func, ast.Attribute) and func.attr == 'seed' and isinstance(func.value, ast.Name) \
                and func.value.id == 'random':
            self.seeds = True
        if isinstance(func, ast.Attribute) and func.attr in _RANDOM_CHANGED and isinstance(func.value, ast.Name) \
                and func.value.id == 'random' and self.seeds:
            self.report(node, 'random.%s after random.seed(): Python 3 draws differently from the same '
                              'seed (random.random() is unchanged)' % func.attr)
        self.generic_visit(node)

    def _is_unicode(self, node):
        if isinstance(node, ast.Name):
            return node.id in self.unicode_names
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            if node.func.id == '_py2_decode':
                return True
            if node.func.id == '_py2_method':
                return self._is_unicode(node.args[0])
        return False

    def visit_Assign(self, node):
        if self._is_unicode(node.value):
            self.unicode_names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def _orderless(self):
        for parent in reversed(self.parents):
            if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == 'list':
                continue  # the translation's list(d.keys()) wrapper
            if isinstance(parent, ast.Call):
                return isinstance(parent.func, ast.Name) and parent.func.id in _ORDERLESS
            if isinstance(parent, ast.Compare):
                return all(isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops)
            if isinstance(parent, (ast.stmt,)):
                return False
        return False

    def visit_BinOp(self, node):
        if isinstance(node.op, ast.Mod) and isinstance(node.right, ast.Tuple) \
                and not (isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            self.report(node, "`fmt % (...)` with a format that is not a literal: %s and %r there give "
                              "Python 3's str()/repr() (floats to 17 digits, strings in lists without "
                              "Python 2's escapes)")
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if isinstance(node.op, ast.Div) and not isinstance(node.target, ast.Name):
            self.report(node, '`/=` on an item or attribute: true division on pysock, even for integers '
                              '(Python 2 floored them); write //= if that is meant')
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        if node.name in _SPECIAL and any(isinstance(p, ast.ClassDef) for p in self.parents[-1:]):
            self.report(node, 'def %s: %s' % (node.name, _SPECIAL[node.name]))
        self.generic_visit(node)

    def visit_Raise(self, node):
        if isinstance(node.exc, ast.Constant) and isinstance(node.exc.value, str):
            self.report(node, 'raise of a string: string exceptions are gone (TypeError on Python 3)')
        self.generic_visit(node)


def _is_python2_file(path):
    from pysock.py2 import translate
    try:
        with open(path, 'rb') as f:
            raw = f.read()
        text = raw.decode(translate.detect_encoding(raw))
        compile(text, path, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError:
        return True
    except Exception:
        return False
    return False


def main(path, cache_dir=None, out=None):
    """Prints the findings for *path*; returns 0 (none), 1 (some) or 2 (not readable/translatable)."""
    from pysock.py2 import translate
    out = out or sys.stdout
    try:
        with open(path, 'rb') as f:
            raw = f.read()
        text = raw.decode(translate.detect_encoding(raw))
    except (OSError, SyntaxError, UnicodeDecodeError) as e:
        out.write('pysock: cannot read %s: %s\n' % (path, e))
        return 2
    try:
        compile(text, path, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
        python3 = not translate._has_py2_print(ast.parse(text))
    except SyntaxError:
        python3 = False
    if python3:
        out.write('%s: Python 3; pysock runs it unchanged\n' % path)
        return 0
    try:
        translation = translate.translate(text, path, cache_dir=cache_dir)
    except SyntaxError as e:
        out.write('%s:%s: not Python 2 either: %s\n' % (path, e.lineno, e.msg))
        return 2
    found = check_source(text, path, translation)
    for line, message in found:
        out.write('%s:%d: %s\n' % (path, line, message))
    if not found:
        out.write('%s: nothing found that behaves differently from Python 2 on pysock\n' % path)
    else:
        out.write('%d line(s) to look at\n' % len({line for line, _ in found}))
    return 1 if found else 0
