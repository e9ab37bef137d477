"""Load-time translation of Python 2 scripts to Python 3 source.

The translation is lib2to3 with its standard fixers, followed by a small
post-pass whose only purpose is to keep every original statement on its
original line, so tracebacks point at the line the user actually wrote.

lib2to3 is imported lazily: it is slow to load (seconds on GraalPy), so
Python 3 scripts and cached translations never touch it.
"""

import ast
import hashlib
import os
import sys
import threading
import tokenize
import warnings

# logging and tempfile are imported where used: Python 3 scripts, the
# common case, only need compile() from this module and GraalPy pays for
# every import at start-up.

# Part of the cache key: bump it whenever the output of translate() can
# change for the same input.  The interpreter is included because lib2to3
# differs between Python versions.
TRANSLATOR_VERSION = 'pysock-py2/4 %s-%d.%d' % (
    sys.implementation.name, sys.version_info[0], sys.version_info[1])

# fix_import rewrites `import helper` into `from . import helper` when a
# helper.py sits next to the file.  That is wrong for a script (its own
# directory is sys.path[0], so the Python 2 implicit relative import is an
# absolute import on Python 3) and it would make the result depend on the
# file system, which the cache key cannot see.
_EXCLUDED_FIXERS = frozenset(['lib2to3.fixes.fix_import'])

_CACHE_MAGIC = '# pysock-py2-cache'


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def detect_encoding(source_bytes):
    """Return the PEP 263 encoding declared by *source_bytes*.

    'utf-8' when nothing is declared (Python 2 itself assumed ascii, but
    utf-8 is a superset and what these scripts are saved as in practice);
    'utf-8-sig' when the data starts with a UTF-8 BOM.  Raises SyntaxError
    for an unknown or contradictory declaration, as the compiler would.
    """
    lines = iter(bytes(source_bytes).splitlines(True))
    encoding, _ = tokenize.detect_encoding(lambda: next(lines, b''))
    return encoding


def is_python2(source_text, filename='<string>', cache_dir=None):
    """True if *source_text* is a Python 2 program that we can translate.

    A source is Python 2 when it does not compile as Python 3 but its
    translation does.  Source that compiles as Python 3 is Python 3, with
    one documented exception: statements that are meaningless in Python 3
    and can only be Python 2 print statements (see _has_py2_print).
    `print('a', x)` is valid in both languages and is treated as Python 3.

    *cache_dir* is optional and has the same meaning as for translate();
    pass it so that classifying a cached script does not load lib2to3.
    """
    source_text = _normalize(source_text)
    try:
        tree = compile(source_text, filename, 'exec', ast.PyCF_ONLY_AST,
                       dont_inherit=True)
    except (SyntaxError, ValueError):  # ValueError: NUL bytes on 3.11
        pass
    else:
        if not _has_py2_print(tree):
            return False
    try:
        translate(source_text, filename, cache_dir)
    except (SyntaxError, ImportError):
        return False
    return True


def translate(source_text, filename='<string>', cache_dir=None):
    """Return *source_text* translated to Python 3.

    Line numbers of the original statements are preserved (see
    _keep_line_numbers for the few cases where lib2to3 makes that
    impossible).  With *cache_dir*, results are cached on disk keyed by the
    translator version and the source text.  Raises SyntaxError, carrying
    *filename* and the original line, when the source is neither valid
    Python 3 nor translatable Python 2.
    """
    source_text = _normalize(source_text)
    key = _cache_key(source_text)
    with _memo_lock:
        result = _memo.get(key)
    if result is None and cache_dir is not None:
        result = _cache_read(cache_dir, key)
    if result is None:
        if cache_dir is not None:
            global _tool_cache_dir
            _tool_cache_dir = cache_dir
        result = _translate_uncached(source_text, filename) if _host is None else _host_translate(source_text, filename)
        if cache_dir is not None:
            _cache_write(cache_dir, key, result)
    with _memo_lock:
        # is_python2() followed by translate() is the normal calling
        # sequence; a tiny in-process memo makes the second call free.
        if len(_memo) >= 8:
            _memo.clear()
        _memo[key] = result
    return result


# A translator that outlives this context (the resident daemon's, io.pysock.python.HostTranslator):
# lib2to3's tool stays loaded there, so a new script here does not load it again.
_host = None


def _host_translate(source_text, filename):
    r = list(_host.translate(source_text, filename))
    if r[0] == 'ok':
        return r[1]
    if r[0] == 'SyntaxError':
        raise SyntaxError(r[1], (filename, r[2] or None, r[3] or None, r[4] or None))
    raise ImportError(r[1])


def clear_memory_cache():
    """Forget in-process translations (the disk cache is untouched)."""
    with _memo_lock:
        _memo.clear()


# Incremented each time lib2to3 actually runs; lets tests (and curious
# callers) verify that the caches work.
lib2to3_runs = 0

_memo = {}
_memo_lock = threading.Lock()


# --------------------------------------------------------------------------
# Classification helpers
# --------------------------------------------------------------------------

def _normalize(text):
    # A BOM left by decoding with 'utf-8' would be a syntax error, and
    # lib2to3 chokes on a missing final newline.
    if text.startswith('\ufeff'):
        text = text[1:]
    if '\r' in text:
        text = text.replace('\r\n', '\n').replace('\r', '\n')
    if text and not text.endswith('\n'):
        text += '\n'
    return text


def _is_print(node):
    return isinstance(node, ast.Name) and node.id == 'print'


def _has_py2_print(tree):
    """Find Python 2 print statements that happen to parse as Python 3.

    Two forms compile on Python 3 but do nothing useful there, so a script
    containing them is Python 2:
      * a bare `print` (an expression statement evaluating the function);
      * `print >>f, x` / `print >>f` (a shift of the print function).
    """
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expr):
            continue
        value = node.value
        if isinstance(value, ast.Tuple) and value.elts:
            value = value.elts[0]
        if _is_print(value):
            return True
        if (isinstance(value, ast.BinOp) and isinstance(value.op, ast.RShift)
                and _is_print(value.left)):
            return True
    return False


def _compiles(text, filename):
    try:
        compile(text, filename, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


# --------------------------------------------------------------------------
# Disk cache
# --------------------------------------------------------------------------

def _cache_key(source_text):
    data = (TRANSLATOR_VERSION + '\0' + source_text).encode(
        'utf-8', 'surrogatepass')
    return hashlib.sha256(data).hexdigest()


def _cache_path(cache_dir, key):
    return os.path.join(cache_dir, key + '.py')


def _body_digest(body):
    return hashlib.sha256(body.encode('utf-8', 'surrogatepass')).hexdigest()


def _cache_read(cache_dir, key):
    """Return the cached translation, or None if absent or damaged.

    Each entry starts with a header carrying the key and a digest of the
    body, so truncated or foreign files are detected and ignored (the
    caller then rewrites them).
    """
    try:
        with open(_cache_path(cache_dir, key), 'rb') as f:
            data = f.read().decode('utf-8', 'surrogatepass')
    except (OSError, UnicodeDecodeError):
        return None
    header, sep, body = data.partition('\n')
    if not sep or header != '%s %s %s' % (_CACHE_MAGIC, key,
                                            _body_digest(body)):
        return None
    return body


def _cache_write(cache_dir, key, body):
    """Store a translation; failures only cost a re-translation later."""
    header = '%s %s %s\n' % (_CACHE_MAGIC, key, _body_digest(body))
    _write_atomically(_cache_path(cache_dir, key),
                      lambda f: f.write((header + body).encode('utf-8', 'surrogatepass')))


def _write_atomically(path, write):
    """Readers see either the old file or the complete new one; failures are ignored."""
    import tempfile
    tmp = None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix='.tmp-', dir=os.path.dirname(path))
        with os.fdopen(fd, 'wb') as f:
            write(f)
        os.replace(tmp, path)
        tmp = None
    except Exception:  # unwritable dir, or an object pickle cannot store
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# --------------------------------------------------------------------------
# lib2to3
# --------------------------------------------------------------------------

_tool = None
_tool_lock = threading.Lock()
# Building lib2to3's RefactoringTool compiles the pattern of every fixer: ~30 s on GraalPy, most
# of a Python 2 script's first run. The built tool is pickled here (per GraalPy and translator
# version), so a new script later costs the lib2to3 import and one unpickle instead.
_tool_cache_dir = None


def _make_tool():
    # lib2to3 warns about its own deprecation on import, and its grammar
    # loader reports (via the *root* logger) when it regenerates or fails
    # to save grammar pickles.  Neither is the script's business.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        import logging
        import lib2to3
        lib2to3_dir = os.path.dirname(lib2to3.__file__)

        def quiet(record):
            return not (record.pathname or '').startswith(lib2to3_dir)

        root = logging.getLogger()
        root.addFilter(quiet)
        try:
            from lib2to3 import refactor
        finally:
            root.removeFilter(quiet)

    class Tool(refactor.RefactoringTool):
        # The stock tool logs every fixer decision; we only want results.
        def log_message(self, msg, *args):
            pass

        def log_debug(self, msg, *args):
            pass

        def refactor_tree(self, tree, name):
            # Must run before fix_unicode strips the u'' prefixes that
            # tell Python 2 byte strings from unicode strings.
            _escape_unicode_escapes(tree)
            _byte_string_literals(tree, _source_encoding)
            _urllib_urlopen(tree)
            _types_string_type(tree)
            _longs(tree)
            # fix_future deletes the __future__ imports: note what they asked for first.
            from lib2to3.fixer_util import does_tree_import
            global _true_division
            _true_division = (tree.type == _syms().file_input
                              and does_tree_import('__future__', 'division', tree))
            changed = refactor.RefactoringTool.refactor_tree(self, tree, name)
            # After the fixers: print, except and friends are Python 3 by now, and nothing of
            # theirs produces `/`, `%` or `.encode(` that Python 2 would not have evaluated.
            _python2_operators(tree)
            return changed

    # pickle finds the class by this module-level name
    Tool.__name__ = Tool.__qualname__ = '_Tool'
    globals()['_Tool'] = Tool
    path = None
    if _tool_cache_dir is not None:
        tag = '%s-%s-%s' % (TRANSLATOR_VERSION, sys.implementation.name, sys.version.split()[0])
        path = os.path.join(_tool_cache_dir, 'lib2to3-tool-%s.pickle'
                            % ''.join(c if c.isalnum() or c in '.-' else '_' for c in tag))
        tool = _load_tool(path, Tool)
        if tool is not None:
            return tool
    names = [name for name in refactor.get_fixers_from_package('lib2to3.fixes')
             if name not in _EXCLUDED_FIXERS]
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        tool = Tool(names)
    if path is not None:
        _save_tool(path, tool)
    return tool


# What the pickled tool may name: lib2to3's classes and its fixers', this module's _Tool, and two
# functions the tool holds. The pickle lives in the user's cache, where any script could write
# one; a plain pickle.load runs whatever a planted file names (os.system, eval...), so loading
# refuses everything else and the tool is built anew.
_TOOL_FUNCTIONS = frozenset([('lib2to3.pytree', 'convert'), ('logging', 'getLogger')])
_TOOL_BUILTINS = frozenset(['object', 'set', 'frozenset', 'dict', 'list', 'tuple'])


def _tool_unpickler(f, cls):
    import pickle

    # The pure-Python unpickler: GraalPy's accelerated one never calls a subclass's find_class.
    class ToolUnpickler(pickle._Unpickler):
        def find_class(self, module, name):
            if module == __name__ and name == '_Tool':
                return cls
            if (module, name) in _TOOL_FUNCTIONS or (module == 'builtins' and name in _TOOL_BUILTINS):
                return super().find_class(module, name)
            if module == 'copyreg' and name == '_reconstructor':
                return super().find_class(module, name)
            if module == 'lib2to3' or module.startswith('lib2to3.'):
                found = super().find_class(module, name)
                if isinstance(found, type):
                    return found
            raise pickle.UnpicklingError('pysock: the cached lib2to3 tool names %s.%s, which it never holds'
                                         % (module, name))

    return ToolUnpickler(f)


def _load_tool(path, cls):
    try:
        with open(path, 'rb') as f:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                tool = _tool_unpickler(f, cls).load()
    except Exception:  # absent, truncated, planted, or from another lib2to3: build anew
        return None
    return tool if type(tool) is cls else None


def _save_tool(path, tool):
    import pickle
    _write_atomically(path, lambda f: pickle.dump(tool, f, protocol=pickle.HIGHEST_PROTOCOL))


class _SysWithoutRefcount:
    """``sys`` as lib2to3.pytree sees it: without ``getrefcount``.

    On interpreters that have it, pytree's pattern matcher swaps sys.stderr for a StringIO while
    one of its generators runs and puts it back when the generator is closed. CPython closes an
    abandoned generator at once; GraalPy (no reference counting) only at some later garbage
    collection, so the script's stderr stays a StringIO until then, or is swapped back at a random
    moment (a Python 2 script's traceback went nowhere). The swap only hides CPython's
    recursion-limit noise, which pysock does not need hidden.
    """

    def __getattr__(self, name):
        if name == 'getrefcount':
            raise AttributeError(name)
        return getattr(sys, name)


def _keep_stderr():
    from lib2to3 import pytree
    if not isinstance(pytree.sys, _SysWithoutRefcount):
        pytree.sys = _SysWithoutRefcount()


def _run_lib2to3(source_text, filename):
    """Parse and fix *source_text*; return the lib2to3 tree."""
    global _tool, lib2to3_runs
    with _tool_lock:
        if _tool is None:
            _tool = _make_tool()
        _keep_stderr()
        # Only now: the first import of lib2to3 must happen in _make_tool,
        # where its deprecation warning is silenced.
        from lib2to3.pgen2.parse import ParseError
        from lib2to3.pgen2.tokenize import TokenError
        lib2to3_runs += 1
        global _source_encoding
        _source_encoding = _declared_encoding(source_text)
        try:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    return _tool.refactor_string(source_text, filename)
            finally:
                # Fixers append their notes to this shared list; it would
                # otherwise grow with every script translated.
                del _tool.fixer_log[:]
        except ParseError as e:
            lineno, col = e.context[1]
            raise _syntax_error('invalid syntax', source_text, filename,
                                lineno, col) from None
        except TokenError as e:
            msg, (lineno, col) = e.args[0], e.args[1]
            if 'statement' in msg:
                # Reported at the end of the file; point at the bracket
                # that was never closed instead, as Python 3 does.
                bracket = _unclosed_bracket(source_text)
                if bracket is not None:
                    msg = "'%s' was never closed" % bracket[0]
                    lineno, col = bracket[1]
            raise _syntax_error(msg, source_text, filename,
                                lineno, col) from None
        except SyntaxError as e:  # IndentationError from lib2to3's tokenizer
            raise _syntax_error(e.msg, source_text, filename,
                                e.lineno or 1, (e.offset or 1) - 1,
                                type(e)) from None


def _unclosed_bracket(source_text):
    """(bracket, (line, column)) of the innermost unclosed bracket."""
    import io
    from lib2to3.pgen2 import token, tokenize as py2_tokenize
    stack = []
    readline = io.StringIO(source_text).readline
    try:
        for kind, value, start, _, _ in py2_tokenize.generate_tokens(readline):
            if kind == token.OP and value in '([{':
                stack.append((value, start))
            elif kind == token.OP and value in ')]}' and stack:
                stack.pop()
    except py2_tokenize.TokenError:
        pass
    return stack[-1] if stack else None


def _syntax_error(msg, source_text, filename, lineno, col, cls=SyntaxError):
    lines = source_text.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else None
    return cls(msg, (filename, lineno, col + 1, line))


def _translate_uncached(source_text, filename):
    try:
        tree = _run_lib2to3(source_text, filename)
    except SyntaxError:
        # Modern Python 3 syntax (e.g. `match`) that lib2to3 cannot parse.
        if _compiles(source_text, filename):
            return source_text
        raise
    _keep_line_numbers(tree)
    _expand_indent_tabs(tree)
    result = str(tree)
    # Surfaces any translation that is still not valid Python 3, with the
    # user's file name and (thanks to the post-pass) the original line.
    compile(result, filename, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
    return result


# --------------------------------------------------------------------------
# Post-pass over the lib2to3 tree
# --------------------------------------------------------------------------
#
# lib2to3 leaves carry the line they were parsed from in `lineno`; leaves a
# fixer created have lineno 0 (cloned leaves keep theirs).  Comparing that
# with where a leaf ends up in the output finds both the lines fixers added
# and the lines they removed.

def _syms():
    from lib2to3.pygram import python_symbols
    return python_symbols


def _token():
    from lib2to3.pgen2 import token
    return token


def _semicolon():
    from lib2to3.pytree import Leaf
    return Leaf(_token().SEMI, ';')


def _keep_line_numbers(tree):
    _repair_except_unpacking(tree)
    _join_split_statements(tree)
    _merge_inserted_statements(tree)
    _pad_removed_lines(tree)


def _output_line(tree, target):
    line = 1
    for leaf in tree.leaves():
        line += leaf.prefix.count('\n')
        if leaf is target:
            return line
        line += str(leaf.value).count('\n')
    raise ValueError('leaf not in tree')


def _is_late(tree, leaf):
    """True if an original leaf is printed below the line it came from."""
    return leaf is not None and _output_line(tree, leaf) > leaf.lineno


def _join_split_statements(tree):
    """Turn a line break inside one simple statement into `; `.

    fix_urllib splits `from urllib2 import urlopen, URLError` into one
    import per module, and fix_exitfunc adds `import atexit` after
    `import sys`; both put a NEWLINE token in the middle of a statement.
    (fix_future leaves an empty NEWLINE token in place of the import it
    deletes; that one produces no text and stays.)
    """
    token = _token()
    for node in list(tree.pre_order()):
        if node.type != _syms().simple_stmt:
            continue
        for child in node.children[:-1]:
            if child.type == token.NEWLINE and child.value:
                child.replace(_semicolon())
        for child in node.children[:-1]:
            prev = child.prev_sibling
            # The split-off statements carry the line's indentation.
            if (prev is not None and prev.type == token.SEMI
                    and child.prefix.strip(' \t') == ''):
                child.prefix = ' '


def _repair_except_unpacking(tree):
    """Tidy fix_except's output for `except E, (a, b):`.

    The fixer inserts a bare `(a, b) = e.args` expression statement into
    the body and, to place it, re-inserts the body's leading NEWLINE and
    INDENT tokens -- the same leaf objects then appear twice in the list.
    The text is right but a line longer; we join the assignment with the
    next statement when that is a simple one, otherwise just give it a
    proper statement of its own.
    """
    syms, token = _syms(), _token()
    from lib2to3.pytree import Leaf, Node
    for suite in [n for n in tree.pre_order() if n.type == syms.suite]:
        children = suite.children
        seen, first_dup = set(), None
        for i, child in enumerate(children):
            if id(child) in seen:
                first_dup = i
                break
            seen.add(id(child))
        if first_dup is None or first_dup == 0:
            continue
        assign = children[first_dup - 1]
        if isinstance(assign, Leaf) or assign.type == syms.simple_stmt:
            continue
        rest = first_dup
        indent = ''
        while rest < len(children) and id(children[rest]) in seen:
            if children[rest].type == token.INDENT:
                indent = children[rest].value
            rest += 1
        del children[first_dup:rest]
        nxt = children[first_dup] if first_dup < len(children) else None
        if (nxt is not None and nxt.type == syms.simple_stmt
                and not _is_inserted(nxt)):
            assign.remove()
            nxt.prefix = ' '
            nxt.insert_child(0, _semicolon())
            nxt.insert_child(0, assign)
        else:
            at = children.index(assign)
            assign.remove()
            stmt = Node(syms.simple_stmt, [assign, Leaf(token.NEWLINE, '\n')])
            suite.insert_child(at, stmt)
            if nxt is not None:
                nxt.prefix = indent + nxt.prefix
        suite.changed()


def _is_inserted(stmt):
    """A simple statement a fixer added: its line break is synthetic."""
    if stmt.type != _syms().simple_stmt:
        return False
    newline = stmt.children[-1]
    return (newline.type == _token().NEWLINE and newline.lineno == 0
            and newline.value == '\n' and len(stmt.children) > 1)


def _is_docstring_or_future(stmt):
    syms, token = _syms(), _token()
    if stmt.type != syms.simple_stmt:
        return False
    first = stmt.children[0]
    if first.type == token.STRING:
        return True
    return (first.type == syms.import_from
            and str(first.children[1]).strip() == '__future__')


def _first_original_leaf_after(node):
    while node is not None:
        sibling = node.next_sibling
        while sibling is not None:
            for leaf in sibling.leaves():
                if leaf.lineno:
                    return leaf
            sibling = sibling.next_sibling
        node = node.parent
    return None


def _merge_inserted_statements(tree):
    """Move statements inserted by fixers onto an existing line.

    touch_import (fix_reduce, fix_intern, fix_reload, fix_operator) adds an
    import as a new line after the first import block -- or above the
    shebang when there is none -- and fix_tuple_params / fix_except add an
    unpacking assignment as a new first line of a body.  We join them to
    the following simple statement (`import sys; x = 1`), else to the
    preceding one, else (top level only) we put them on a blank line just
    above the next statement.  If none of that applies the shift remains.
    """
    syms, token = _syms(), _token()
    containers = [n for n in tree.pre_order()
                  if n.type in (syms.file_input, syms.suite)]
    for container in containers:
        runs, run = [], []
        for child in container.children:
            if _is_inserted(child):
                run.append(child)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        for run in runs:
            # Only act where lines were really added: a fixer that rebuilt
            # a statement in place also produces a synthetic line break.
            if _is_late(tree, _first_original_leaf_after(run[-1])):
                _place_run(container, run)


def _take_small_statements(run):
    """Detach the statements of *run* as `a ; b ; c` (without NEWLINEs)."""
    parts = []
    for stmt in run:
        if parts:
            parts.append(_semicolon())
        small = stmt.children[:-1]
        for i, part in enumerate(small):
            part.remove()
            if parts and i == 0:
                part.prefix = ' '
            parts.append(part)
    return parts


def _place_run(container, run):
    syms, token = _syms(), _token()
    nxt, prev = run[-1].next_sibling, run[0].prev_sibling
    original_prefix = run[0].prefix

    for neighbour in (nxt, prev):
        if _is_placeholder(neighbour):
            # fix_future left an empty line where `from __future__ ...` was.
            parts = _take_small_statements(run)
            for stmt in run:
                stmt.remove()
            placeholder = neighbour.children[0]
            parts[0].prefix = placeholder.prefix
            placeholder.remove()
            for i, part in enumerate(parts):
                neighbour.insert_child(i, part)
            return

    if (nxt is not None and nxt.type == syms.simple_stmt
            and not _is_inserted(nxt) and not _is_docstring_or_future(nxt)):
        parts = _take_small_statements(run)
        for stmt in run:
            stmt.remove()
        # Comment lines above the next statement must stay above the
        # joined line; its indentation is already in front of the run
        # (possibly inside an INDENT token), so it is dropped.
        comments, indent = _split_last_line(nxt.prefix)
        parts[0].prefix = original_prefix + (comments + indent
                                              if comments else '')
        nxt.prefix = ' '
        for i, part in enumerate(parts + [_semicolon()]):
            nxt.insert_child(i, part)
        return

    if (prev is not None and prev.type == syms.simple_stmt
            and not _is_inserted(prev)):
        parts = _take_small_statements(run)
        for stmt in run:
            stmt.remove()
        at = len(prev.children) - 1   # before the NEWLINE (and its comment)
        # `x = 1;` already ends with a semicolon; `;;` is a syntax error.
        if prev.children[at - 1].type != token.SEMI:
            prev.insert_child(at, _semicolon())
            at += 1
        parts[0].prefix = ' '
        for i, part in enumerate(parts):
            prev.insert_child(at + i, part)
        return

    if container.type == syms.file_input and nxt is not None:
        head, tail = _split_at_last_blank_line(nxt.prefix)
        if head is not None:
            parts = _take_small_statements(run)
            for stmt in run[1:]:
                stmt.remove()
            for i, part in enumerate(parts):
                run[0].insert_child(i, part)
            run[0].prefix = head
            nxt.prefix = tail
            return

    if container.type == syms.file_input and run[0].prev_sibling is None:
        # touch_import put the import above a shebang and coding line; at
        # least keep those where they have to be.  Lines still shift by one.
        nxt_prefix = nxt.prefix if nxt is not None else ''
        run[0].prefix = nxt_prefix
        if nxt is not None:
            nxt.prefix = original_prefix


def _is_placeholder(stmt):
    return (stmt is not None and stmt.type == _syms().simple_stmt
            and len(stmt.children) == 2
            and stmt.children[0].type == _token().NEWLINE
            and stmt.children[0].value == '')


def _split_last_line(prefix):
    """Split *prefix* into its complete lines and the final partial one."""
    head, sep, tail = prefix.rpartition('\n')
    return head + sep, tail


def _split_at_last_blank_line(prefix):
    """Split *prefix* around its last whitespace-only line.

    Returns (text before that line, text after it), or (None, None).
    """
    lines = prefix.split('\n')
    # The last element is the partial line the statement starts on.
    for i in range(len(lines) - 2, -1, -1):
        if lines[i].strip(' \t\f') == '':
            return ('\n'.join(lines[:i]) + ('\n' if i else ''),
                    '\n'.join(lines[i + 1:]))
    return None, None


def _pad_removed_lines(tree):
    """Insert blank lines where a fixer deleted lines.

    fix_metaclass removes `__metaclass__ = M` from the class body.  Blank
    lines are added after the previous NEWLINE token -- always a safe
    place for them -- until each statement is back on its original line.
    """
    syms, token = _syms(), _token()
    leaves = list(tree.leaves())
    line_of = {}
    line = 1
    for leaf in leaves:
        line += leaf.prefix.count('\n')
        line_of[id(leaf)] = line
        line += str(leaf.value).count('\n')
    index_of = {id(leaf): i for i, leaf in enumerate(leaves)}

    added = 0
    for node in tree.pre_order():
        if node.parent is None or node.parent.type not in (syms.file_input,
                                                          syms.suite):
            continue
        if node.type in (token.NEWLINE, token.INDENT, token.DEDENT,
                         token.ENDMARKER):
            continue
        # The smallest original line, not the first original leaf: fixers
        # replace leading tokens (`print` becomes a new Name), and a
        # statement must never be pushed below its first line.
        anchor = min((leaf for leaf in node.leaves() if leaf.lineno),
                     key=lambda leaf: leaf.lineno, default=None)
        if anchor is None:
            continue
        first = next(node.leaves())
        missing = anchor.lineno - (line_of[id(first)] + added)
        if missing <= 0:
            continue
        start = index_of[id(first)]
        newline = next((leaves[i] for i in range(start - 1, -1, -1)
                        if leaves[i].type == token.NEWLINE and leaves[i].value),
                       None)
        if newline is not None:
            newline.value += '\n' * missing
        else:
            node.prefix += '\n' * missing
        added += missing


def _escape_unicode_escapes(tree):
    """Keep `\\u`, `\\U` and `\\N` literal in Python 2 byte strings.

    In a Python 2 str literal these are not escapes ('C:\\users' is fine);
    in a Python 3 str they are, and usually a syntax error.  lib2to3 does
    not handle this, so the backslash is doubled before the fixers run.
    u'' strings and, under `unicode_literals`, all strings are left alone.
    """
    import re
    from lib2to3.fixer_util import does_tree_import
    token = _token()
    # An empty file parses to a bare ENDMARKER leaf, not a file_input.
    if (tree.type != _syms().file_input
            or does_tree_import('__future__', 'unicode_literals', tree)):
        return
    # An odd run of backslashes before u/U/N: the last one escapes it.
    pattern = re.compile(r'(?<!\\)((?:\\\\)*)\\([uUN])')
    for leaf in tree.leaves():
        if leaf.type != token.STRING:
            continue
        quote = min(i for i in (leaf.value.find("'"), leaf.value.find('"'))
                    if i >= 0)
        prefix = leaf.value[:quote].lower()
        if 'u' in prefix or 'r' in prefix or 'b' in prefix:
            continue
        if '\\' in leaf.value:
            leaf.value = pattern.sub(r'\1\\\\\2', leaf.value)


def _expand_indent_tabs(tree):
    """Replace tabs in indentation by spaces, Python 2 style.

    Python 2 accepted any mix of tabs and spaces (a tab advances to the
    next multiple of 8); Python 3 raises TabError for ambiguous mixes.
    Only whitespace at the start of a line outside string tokens changes,
    i.e. the parts of prefixes and INDENT tokens that follow a line break.
    """
    token = _token()
    at_line_start = True
    for leaf in tree.leaves():
        if leaf.prefix:
            leaf.prefix = _expand_leading(leaf.prefix, at_line_start)
            at_line_start = leaf.prefix.endswith('\n')
        if leaf.type == token.INDENT and at_line_start:
            leaf.value = leaf.value.expandtabs(8)
        if str(leaf.value):
            at_line_start = str(leaf.value).endswith('\n')


def _expand_leading(text, at_line_start):
    lines = text.split('\n')
    for i, line in enumerate(lines):
        if i == 0 and not at_line_start:
            continue
        body = line.lstrip(' \t\f')
        indent = line[:len(line) - len(body)]
        if '\t' in indent:
            lines[i] = indent.expandtabs(8) + body
    return '\n'.join(lines)


# --------------------------------------------------------------------------
# Python 2 semantics the translation itself has to carry
# --------------------------------------------------------------------------
#
# A Python 2 str is held as a Python 3 str whose characters are bytes (see
# pysock.py2.runtime).  Three things cannot be done at run time alone:
# literals (their bytes are the source's encoding), `/` on integers, and
# str.encode/decode with the bytes codecs (hex, base64...), which Python 3
# str has no way to offer.  `'...' % args` is routed too, so %s and %r give
# Python 2's str() and repr().  The helpers live in the script's own
# namespace (runtime.names_for), never in the real builtins.

_source_encoding = 'utf-8'
_CODING = None


def _declared_encoding(source_text):
    """The PEP 263 encoding named in the first two lines of the (decoded) source, else utf-8."""
    import codecs
    import re
    global _CODING
    if _CODING is None:
        _CODING = re.compile(r'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)', re.ASCII)
    for line in source_text.split('\n', 2)[:2]:
        found = _CODING.match(line)
        if found:
            try:
                return codecs.lookup(found.group(1)).name
            except LookupError:
                return 'utf-8'
    return 'utf-8'


def _byte_string_literals(tree, encoding):
    """Give Python 2 str literals their bytes: non-ASCII characters become the characters of
    their source-encoded bytes (`'é'` in a UTF-8 file is `'\\xc3\\xa9'`, two bytes, as in
    Python 2); `b'...'`, a str in Python 2 too, loses its prefix.  u'' strings (and every string
    under unicode_literals) stay text."""
    from lib2to3.fixer_util import does_tree_import
    token = _token()
    if (tree.type != _syms().file_input
            or does_tree_import('__future__', 'unicode_literals', tree)):
        return
    for leaf in tree.leaves():
        if leaf.type != token.STRING:
            continue
        value = leaf.value
        quote = min(i for i in (value.find("'"), value.find('"')) if i >= 0)
        prefix = value[:quote].lower()
        if 'u' in prefix:
            continue
        if 'b' in prefix:
            value = value[:quote].replace('b', '').replace('B', '') + value[quote:]
            quote -= 1
        if any(ord(c) > 0x7F for c in value):
            raw = 'r' in prefix
            out = []
            for c in value:
                if ord(c) <= 0x7F:
                    out.append(c)
                else:
                    data = c.encode(encoding, 'surrogateescape')
                    # A raw string cannot hold escapes: there the characters themselves go in.
                    out.append(data.decode('latin-1') if raw else
                               ''.join('\\x%02x' % b for b in data))
            value = ''.join(out)
        leaf.value = value


def _types_string_type(tree):
    """`types.StringType` -> `str` before fix_types makes it `bytes`: a Python 2 str is a
    Python 3 str on pysock (see runtime)."""
    from lib2to3.fixer_util import Name
    syms, token = _syms(), _token()
    for node in list(tree.pre_order()):
        if (node.type == syms.power and len(node.children) == 2
                and node.children[0].type == token.NAME and node.children[0].value == 'types'
                and node.children[1].type == syms.trailer
                and [str(c) for c in node.children[1].children] == ['.', 'StringType']):
            node.replace(Name('str', prefix=node.prefix))


def _longs(tree):
    """`10L` -> `_py2_long(10)` and `long(x)` -> `_py2_long(x)`, before fix_long and
    fix_numliterals erase the difference: Python 2 showed a long's repr with an L."""
    from lib2to3.fixer_util import Call, Name, Number
    syms, token = _syms(), _token()
    for leaf in list(tree.leaves()):
        if leaf.type == token.NUMBER and leaf.value[-1:] in ('l', 'L'):
            call = Call(Name('_py2_long'), [Number(leaf.value[:-1])])
            call.prefix = leaf.prefix
            leaf.replace(call)
        elif (leaf.type == token.NAME and leaf.value == 'long' and leaf.parent is not None
              and leaf.parent.type == syms.power and leaf.parent.children[0] is leaf
              and len(leaf.parent.children) > 1
              and leaf.parent.children[1].type == syms.trailer
              and leaf.parent.children[1].children[0].value == '('):
            leaf.value = '_py2_long'


def _urllib_urlopen(tree):
    """`urllib.urlopen(...)` -> `_py2_urllib_urlopen(...)`, before fix_urllib makes it
    urllib.request.urlopen: Python 2's urllib returned error pages instead of raising."""
    from lib2to3.fixer_util import Name
    syms, token = _syms(), _token()
    for node in list(tree.pre_order()):
        if (node.type == syms.power and len(node.children) >= 3
                and node.children[0].type == token.NAME and node.children[0].value == 'urllib'
                and node.children[1].type == syms.trailer
                and [str(c) for c in node.children[1].children] == ['.', 'urlopen']
                and node.children[2].type == syms.trailer and node.children[2].children[0].value == '('):
            first = node.children[0]
            node.children[1].remove()
            first.replace(Name('_py2_urllib_urlopen', prefix=first.prefix))


def _is_string_atom(node):
    token = _token()
    if node.type == token.STRING:
        return True
    return (node.type == _syms().atom
            and all(c.type == token.STRING for c in node.children))


def _helper_call(name, args, prefix):
    from lib2to3.fixer_util import Call, Comma, Name
    arglist = []
    for i, arg in enumerate(args):
        if i:
            arglist.append(Comma())
            if not arg.prefix or arg.prefix.isspace() and '\n' not in arg.prefix:
                arg.prefix = ' '
        arglist.append(arg)
    call = Call(Name(name), arglist)
    call.prefix = prefix
    return call


def _rewrite_term(node):
    """`a / b` -> `_py2_div(a, b)`; `'fmt' % x` -> `_py2_format('fmt', x)` (left to right)."""
    from lib2to3.pytree import Node
    syms, token = _syms(), _token()
    children = node.children
    ops = children[1::2]
    if not any(op.type == token.SLASH or (op.type == token.PERCENT and i == 0 and _is_string_atom(children[0]))
               for i, op in enumerate(ops)):
        return
    prefix = node.prefix
    parts = list(children)
    for child in parts:
        child.remove()
    parts[0].prefix = ''
    acc = [parts[0]]
    for i in range(1, len(parts), 2):
        op, right = parts[i], parts[i + 1]
        left = acc[0] if len(acc) == 1 else Node(syms.term, acc)
        if op.type == token.SLASH:
            helper = '_py2_div'
        elif op.type == token.PERCENT and len(acc) == 1 and _is_string_atom(acc[0]):
            helper = '_py2_format'
        else:
            helper = None
        if helper is None:
            acc = acc + [op, right] if len(acc) > 1 else [left, op, right]
            continue
        if '\n' in op.prefix:
            right.prefix = op.prefix + right.prefix.lstrip(' ')
        acc = [_helper_call(helper, [left, right], '')]
    new = acc[0] if len(acc) == 1 else Node(syms.term, acc)
    new.prefix = prefix
    node.replace(new)


def _rewrite_aug_div(node):
    """`name /= x` -> `name = _py2_div(name, x)` (other targets are left; --check reports them)."""
    from lib2to3.pytree import Leaf
    token = _token()
    if len(node.children) != 3:
        return
    target, op, value = node.children
    if op.type != token.SLASHEQUAL or target.type != token.NAME:
        return
    value.remove()
    op.replace(Leaf(token.EQUAL, '=', prefix=op.prefix))
    other = target.clone()
    other.prefix = ''
    value.prefix = ' '
    call = _helper_call('_py2_div', [other, value], ' ')
    node.append_child(call)


# str methods whose Python 3 form treats characters 0x80-0xFF (and a few controls) as letters,
# spaces or line breaks, where Python 2's byte strings had only ASCII ones: `'voil\xc3\xa0'.split()`
# must not split at the \xa0 byte of an 'à'.
_BYTE_STRING_METHODS = frozenset([
    'split', 'rsplit', 'strip', 'lstrip', 'rstrip', 'splitlines', 'upper', 'lower', 'swapcase',
    'title', 'capitalize', 'isalpha', 'isdigit', 'isalnum', 'isspace', 'isupper', 'islower', 'istitle'])


def _rewrite_codec_calls(node):
    """`x.encode(...)`/`x.decode(...)` -> `_py2_encode(x, ...)`: Python 3's str has no decode
    and no bytes codecs (hex, base64...); `x.split()`, `x.upper()`... -> `_py2_method(x, 'split')`
    (Python 2's byte-string rules). The helpers keep other objects' own methods."""
    from lib2to3.pytree import Node
    syms, token = _syms(), _token()
    while True:
        children = node.children
        if any(c.type == token.DOUBLESTAR for c in children):
            return
        at = None
        for i in range(1, len(children) - 1):
            t, call = children[i], children[i + 1]
            if (t.type == syms.trailer and len(t.children) == 2 and t.children[0].value == '.'
                    and (t.children[1].value in ('encode', 'decode')
                         or t.children[1].value in _BYTE_STRING_METHODS)
                    and call.type == syms.trailer and call.children[0].value == '('):
                at = i
                break
        if at is None:
            return
        prefix = node.prefix
        parts = list(children)
        for child in parts:
            child.remove()
        obj_parts, method, call, rest = parts[:at], parts[at], parts[at + 1], parts[at + 2:]
        obj_parts[0].prefix = ''
        obj = obj_parts[0] if len(obj_parts) == 1 else Node(syms.power, obj_parts)
        name = method.children[1].value
        args = [obj]
        if name in _BYTE_STRING_METHODS:
            from lib2to3.fixer_util import String
            args.append(String(repr(name)))
        inner = call.children[1:-1]
        if inner:
            arg = inner[0]
            arg.remove()
            if arg.type == syms.arglist:
                for a in list(arg.children):
                    if a.type != token.COMMA:
                        a.remove()
                        args.append(a)
            else:
                args.append(arg)
        helper = _helper_call('_py2_method' if name in _BYTE_STRING_METHODS else '_py2_' + name, args, '')
        if not rest:
            helper.prefix = prefix
            node.replace(helper)
            return
        new = Node(syms.power, [helper] + rest)
        new.prefix = prefix
        node.replace(new)
        node = new


def _rewrite_str_call(node):
    """`str(x)` -> `_py2_str(x)`: Python 2's str() of a float has 12 digits and of a list or
    tuple shows its strings with Python 2's repr.  Only calls with one argument: `str` as a
    type (isinstance, type(x) is str, str.join) stays the real one."""
    syms, token = _syms(), _token()
    children = node.children
    if (len(children) == 2 and children[0].type == token.NAME and children[0].value == 'str'
            and children[1].type == syms.trailer and children[1].children[0].value == '('
            and len(children[1].children) == 3
            and children[1].children[1].type != syms.arglist
            and children[1].children[1].type != syms.argument
            and not (children[1].children[1].type == token.NAME and children[1].children[1].value == '*')):
        children[0].value = '_py2_str'


_true_division = False


def _python2_operators(tree):
    syms = _syms()
    if tree.type != syms.file_input:
        return
    division = not _true_division
    for node in list(tree.post_order()):
        if node.parent is None and node is not tree:
            continue  # replaced on the way
        if node.type == syms.power:
            _rewrite_str_call(node)
            _rewrite_codec_calls(node)
        elif node.type == syms.term:
            if division or any(c.type == _token().PERCENT for c in node.children[1::2]):
                _rewrite_term_for(node, division)
        elif node.type == syms.expr_stmt and division:
            _rewrite_aug_div(node)


def _rewrite_term_for(node, division):
    if division:
        _rewrite_term(node)
        return
    # `from __future__ import division`: `/` is true division already; only % is routed.
    token = _token()
    saved = [(c, c.type) for c in node.children[1::2] if c.type == token.SLASH]
    for c, _ in saved:
        c.type = token.DOUBLESLASH  # hide it from _rewrite_term, then restore
    try:
        _rewrite_term(node)
    finally:
        for c, t in saved:
            c.type = t
