# -*- coding: utf-8 -*-
"""Tests for pysock.py2 (translation, caching, module aliases).

Run from pylib/:  python3 -m unittest pysock.py2.tests.test_py2 -v
Standard library only, so the same file runs under GraalPy.
"""

import ast
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

from pysock.py2 import aliases
from pysock.py2 import translate as T


TUTORIAL_SERVER = '''\
#!/usr/bin/python
# -*- coding: UTF-8 -*-
# 文件名：server.py

import socket               # 导入 socket 模块

s = socket.socket()         # 创建 socket 对象
host = socket.gethostname() # 获取本地主机名
port = 12345                # 设置端口
s.bind((host, port))        # 绑定端口

s.listen(5)                 # 等待客户端连接
while True:
    c, addr = s.accept()     # 建立客户端连接。
    print '连接地址：', addr
    c.send('欢迎访问菜鸟教程！')
    c.close()                # 关闭连接
'''

TUTORIAL_CLIENT = '''\
#!/usr/bin/python
# -*- coding: UTF-8 -*-
# 文件名：client.py

import socket               # 导入 socket 模块

s = socket.socket()         # 创建 socket 对象
host = socket.gethostname() # 获取本地主机名
port = 12345                # 设置端口号

s.connect((host, port))
print s.recv(1024)
s.close()
'''


def dedent(text):
    return textwrap.dedent(text).lstrip('\n')


def print_calls(source):
    """Line numbers of print(...) calls in Python 3 *source*."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Name)
                  and node.func.id == 'print')


def run_script(source, filename='script.py'):
    """Exec *source* as __main__-like code; return (stdout, exception)."""
    from pysock.py2 import runtime
    out = io.StringIO()
    code = compile(source, filename, 'exec', dont_inherit=True)
    error = None
    # The names a Python 2 namespace starts with on pysock (print statement, _py2_div...).
    namespace = dict(runtime.names_for(), __name__='__script__')
    with contextlib.redirect_stdout(out):
        try:
            exec(code, namespace)
        except Exception as e:  # the tests inspect it
            error = e
    return out.getvalue(), error


class DetectEncodingTests(unittest.TestCase):

    def test_declared_utf8(self):
        data = TUTORIAL_SERVER.encode('utf-8')
        self.assertEqual(T.detect_encoding(data), 'utf-8')

    def test_declared_latin1_on_second_line(self):
        data = b'#!/usr/bin/python\n# vim: set fileencoding=latin-1 :\nx = 1\n'
        self.assertEqual(T.detect_encoding(data), 'iso-8859-1')

    def test_gbk(self):
        data = '# coding: gbk\nprint "你好"\n'.encode('gbk')
        encoding = T.detect_encoding(data)
        self.assertEqual(data.decode(encoding), '# coding: gbk\nprint "你好"\n')

    def test_default_is_utf8(self):
        self.assertEqual(T.detect_encoding(b'print "x"\n'), 'utf-8')
        self.assertEqual(T.detect_encoding(b''), 'utf-8')

    def test_bom(self):
        self.assertEqual(T.detect_encoding(b'\xef\xbb\xbfx = 1\n'), 'utf-8-sig')

    def test_unknown_encoding_is_a_syntax_error(self):
        with self.assertRaises(SyntaxError):
            T.detect_encoding(b'# coding: no-such-codec\nx = 1\n')


class IsPython2Tests(unittest.TestCase):

    PY2 = {
        'print statement': 'x = 1\nprint x\n',
        'print with trailing comma': 'print "a",\n',
        'print to file': 'import sys\nprint >>sys.stderr, "oops"\n',
        'bare print': 'print "a"\nprint\n',
        'except comma': 'try:\n    pass\nexcept ValueError, e:\n    pass\n',
        'backticks': 'x = `42`\n',
        'octal literal': 'import os\nos.chmod("f", 0777)\n',
        'long literal': 'n = 10L\n',
        'raise comma': 'raise ValueError, "bad"\n',
        'exec statement': 'exec "x = 1"\n',
        'not-equal operator': 'if 1 <> 2:\n    pass\n',
        'mixed tabs and spaces': 'if 1:\n        x = 1\n\ty = 2\n',
        'tutorial server': TUTORIAL_SERVER,
        'tutorial client': TUTORIAL_CLIENT,
    }

    PY3 = {
        'print function': "print('x')\n",
        'print of two values': "x = 1\nprint('a', x)\n",
        'print keywords': "import sys\nprint('a', end='', file=sys.stderr)\n",
        'f-string': "name = 'w'\nprint(f'hello {name!r:>10}')\n",
        'async': 'import asyncio\nasync def main():\n    await asyncio.sleep(0)\n',
        'walrus': 'if (n := 10) > 5:\n    pass\n',
        'keyword-only args': 'def f(a, *, b=1):\n    return a + b\n',
        'match statement': 'match 1:\n    case 1:\n        pass\n',
        'annotations': 'def f(x: int) -> str:\n    return str(x)\n',
        'print as a value': 'p = print\np("x")\n',
        'shift of another name': 'x = 8\nx >> 1, 2\n',
        'empty file': '',
        'comments only': '# hello\n',
    }

    NEITHER = {
        'garbage': 'this is = not python\n',
        'unclosed bracket': 'x = (1,\n',
        'bad indentation': 'if 1:\nprint "x"\n',
    }

    def setUp(self):
        T.clear_memory_cache()

    def test_python2_sources(self):
        for name, source in self.PY2.items():
            with self.subTest(name):
                self.assertTrue(T.is_python2(source, name + '.py'))

    def test_python3_sources(self):
        for name, source in self.PY3.items():
            with self.subTest(name):
                self.assertFalse(T.is_python2(source, name + '.py'))

    def test_invalid_sources(self):
        for name, source in self.NEITHER.items():
            with self.subTest(name):
                self.assertFalse(T.is_python2(source, name + '.py'))

    def test_python3_never_loads_lib2to3(self):
        before = T.lib2to3_runs
        for source in self.PY3.values():
            T.is_python2(source)
        self.assertEqual(T.lib2to3_runs, before)

    def test_crlf_source(self):
        self.assertTrue(T.is_python2('x = 1\r\nprint x\r\n'))


class TranslateTests(unittest.TestCase):

    def setUp(self):
        T.clear_memory_cache()

    def assertSameLines(self, original, translated):
        """Every comment stays on its line, and the line count holds."""
        before = original.splitlines()
        after = translated.splitlines()
        self.assertEqual(len(before), len(after), translated)
        for number, line in enumerate(before, 1):
            if '#' in line:
                comment = line[line.index('#'):]
                self.assertIn(comment, after[number - 1],
                              'line %d moved:\n%s' % (number, translated))

    def test_tutorial_server(self):
        result = T.translate(TUTORIAL_SERVER, 'server.py')
        self.assertSameLines(TUTORIAL_SERVER, result)
        compile(result, 'server.py', 'exec', dont_inherit=True)
        self.assertEqual(print_calls(result), [15])
        lines = result.splitlines()
        # A Python 2 str literal holds its UTF-8 bytes (one character per byte, see runtime).
        def escaped(text):
            return ''.join('\\x%02x' % b for b in text.encode('utf-8'))
        self.assertEqual(lines[14].strip(), "print('%s', addr)" % escaped('连接地址：'))
        self.assertEqual(lines[15].strip(), "c.send('%s')" % escaped('欢迎访问菜鸟教程！'))
        self.assertEqual(lines[0], '#!/usr/bin/python')

    def test_tutorial_client(self):
        result = T.translate(TUTORIAL_CLIENT, 'client.py')
        self.assertSameLines(TUTORIAL_CLIENT, result)
        self.assertEqual(print_calls(result), [12])
        self.assertEqual(result.splitlines()[11], 'print(s.recv(1024))')

    def test_tutorial_from_bytes(self):
        # What the loader does: bytes -> declared encoding -> text.
        data = TUTORIAL_SERVER.encode('utf-8')
        text = data.decode(T.detect_encoding(data))
        self.assertEqual(T.translate(text, 'server.py'),
                         T.translate(TUTORIAL_SERVER, 'server.py'))

    def test_print_output_matches_python2(self):
        source = 'x = 3\nprint "a", x\nprint\nprint "b",\nprint "c"\n'
        out, error = run_script(T.translate(source))
        self.assertIsNone(error)
        self.assertEqual(out, 'a 3\n\nb c\n')

    def test_added_import_keeps_shebang_and_lines(self):
        # fix_reduce adds `from functools import reduce`; lib2to3 would
        # put it above the shebang and shift every line by one.
        source = dedent('''
            #!/usr/bin/python
            # -*- coding: utf-8 -*-

            def total(xs):
                return reduce(lambda a, b: a + b, xs)  # sum
            print total([1, 2, 3])  # six
            ''')
        result = T.translate(source)
        self.assertSameLines(source, result)
        self.assertEqual(result.splitlines()[0], '#!/usr/bin/python')
        out, error = run_script(result)
        self.assertIsNone(error)
        self.assertEqual(out, '6\n')

    def test_added_import_after_imports(self):
        source = dedent('''
            import os
            import sys
            n = reduce(lambda a, b: a * b, [2, 3])  # product
            print n, intern('x')  # show
            ''')
        result = T.translate(source)
        self.assertSameLines(source, result)
        self.assertEqual(run_script(result), ('6 x\n', None))

    def test_split_urllib2_import(self):
        source = dedent('''
            from urllib2 import urlopen, URLError  # one line
            print urlopen.__name__, URLError.__name__  # two
            ''')
        result = T.translate(source)
        self.assertSameLines(source, result)
        self.assertEqual(run_script(result), ('urlopen URLError\n', None))

    def test_tuple_parameters_and_except_unpacking(self):
        source = dedent('''
            def f(a, (b, c)):  # tuple parameter
                return a + b + c  # body
            try:
                raise ValueError(1, 2)
            except ValueError, (x, y):  # unpacking
                print f(x, (y, 3))  # call
            ''')
        result = T.translate(source)
        self.assertSameLines(source, result)
        self.assertEqual(run_script(result), ('6\n', None))

    def test_removed_metaclass_line_is_padded(self):
        source = dedent('''
            class Meta(type):
                pass
            class A:
                __metaclass__ = Meta  # removed by 2to3
                x = 1  # stays on line 5
            print type(A).__name__, A.x  # line 6
            ''')
        result = T.translate(source)
        self.assertEqual(len(result.splitlines()), len(source.splitlines()))
        self.assertIn('x = 1', result.splitlines()[4])
        self.assertEqual(print_calls(result), [6])
        self.assertEqual(run_script(result), ('Meta 1\n', None))

    def test_print_with_continuation_line(self):
        source = dedent('''
            import sys
            print >>sys.stdout, \\
                "continued"
            print "next"  # line 4
            ''')
        result = T.translate(source)
        self.assertEqual(print_calls(result), [2, 4])
        self.assertEqual(run_script(result), ('continued\nnext\n', None))

    def test_traceback_line_numbers(self):
        source = dedent('''
            #!/usr/bin/env python
            import os
            from urllib2 import urlopen, URLError
            total = reduce(lambda a, b: a + b, [1, 2])
            class A:
                __metaclass__ = type
            def f((a, b)):
                print a, b
                return a / (b - b)  # line 9
            f((1, 2))
            ''')
        result = T.translate(source, 'tb.py')
        out, error = run_script(result, 'tb.py')
        self.assertIsInstance(error, ZeroDivisionError)
        tb = error.__traceback__
        # `/` is the runtime's _py2_div now; pysock's traceback printer hides its frame.
        while tb.tb_next is not None and tb.tb_next.tb_frame.f_code.co_filename == 'tb.py':
            tb = tb.tb_next
        self.assertEqual(tb.tb_frame.f_code.co_filename, 'tb.py')
        self.assertEqual(tb.tb_lineno, 9)

    def test_backslash_u_in_byte_strings(self):
        # 'C:\\users' is harmless in Python 2 but a unicode escape in 3.
        source = ("print 'C:\\users\\Nina'\n"
                  "print u'\\u00e9', '\\\\u', 'a\\\\\\u'\n")
        result = T.translate(source)
        self.assertEqual(run_script(result),
                         ('C:\\users\\Nina\n\u00e9 \\u a\\\\u\n', None))

    def test_unicode_literals_strings_are_left_alone(self):
        source = ('from __future__ import unicode_literals\n'
                  'print "\\u00e9"\n')
        self.assertEqual(run_script(T.translate(source)), ('\u00e9\n', None))

    def test_mixed_tabs_follow_python2_rules(self):
        # Python 2: a tab advances to the next multiple of 8 columns.
        source = 'if 1:\n        x = 1\n\tprint x\n\ts = """\n\tkeep"""\n'
        result = T.translate(source)
        compile(result, '<tabs>', 'exec', dont_inherit=True)
        self.assertIn('\tkeep"""', result)  # string contents untouched
        self.assertEqual(run_script(result), ('1\n', None))

    def test_empty_and_comment_only_sources(self):
        for source in ('', '\n', '# just a comment\n'):
            with self.subTest(source=source):
                self.assertEqual(T.translate(source), source)

    def test_python3_only_syntax_is_returned_unchanged(self):
        source = 'match 1:\n    case 1:\n        print("one")\n'
        self.assertEqual(T.translate(source), source)

    def test_syntax_error_keeps_filename_and_line(self):
        source = 'print "fine"\nx = 1\nthis is = not python\nprint "x"\n'
        with self.assertRaises(SyntaxError) as caught:
            T.translate(source, 'broken.py')
        self.assertEqual(caught.exception.filename, 'broken.py')
        self.assertEqual(caught.exception.lineno, 3)

    def test_syntax_error_for_unterminated_statement(self):
        with self.assertRaises(SyntaxError) as caught:
            T.translate('print "a"\nx = (1,\n     2\n', 'eof.py')
        self.assertEqual(caught.exception.filename, 'eof.py')
        self.assertEqual(caught.exception.lineno, 2)

    def test_indentation_error_keeps_filename(self):
        with self.assertRaises(IndentationError) as caught:
            T.translate('if 1:\n        print "a"\n    print "b"\n', 'ind.py')
        self.assertEqual(caught.exception.filename, 'ind.py')
        self.assertEqual(caught.exception.lineno, 3)

    def test_default_filename(self):
        with self.assertRaises(SyntaxError) as caught:
            T.translate('print "a"\n)\n')
        self.assertEqual(caught.exception.filename, '<string>')
        self.assertEqual(caught.exception.lineno, 2)

    def test_script_directory_imports_stay_absolute(self):
        # fix_import would turn this into `from . import helper`, which a
        # script (run as __main__) cannot execute.
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, 'main.py')
            with open(os.path.join(directory, 'helper.py'), 'w') as f:
                f.write('x = 1\n')
            result = T.translate('import helper\nprint helper.x\n', path)
        self.assertEqual(result, 'import helper\nprint(helper.x)\n')

    def test_silent_in_a_fresh_interpreter(self):
        # Deprecation warnings and lib2to3 logging must not reach the
        # script's stderr, even with warnings as errors and DEBUG logging.
        pylib = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))))
        program = (
            'import logging, sys\n'
            'logging.basicConfig(level=logging.DEBUG)\n'
            'from pysock.py2 import translate\n'
            'sys.stdout.write(translate.translate("print 1\\n"))\n')
        proc = subprocess.run(
            [sys.executable, '-W', 'error', '-c', program],
            cwd=pylib, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, 'print(1)\n')
        self.assertEqual(proc.stderr, '')


class CacheTests(unittest.TestCase):

    def setUp(self):
        T.clear_memory_cache()
        self.directory = tempfile.TemporaryDirectory()
        self.cache = self.directory.name

    def tearDown(self):
        self.directory.cleanup()

    def entries(self):
        return sorted(os.listdir(self.cache))

    def no_lib2to3(self):
        return mock.patch.object(T, '_run_lib2to3',
                                 side_effect=AssertionError('lib2to3 ran'))

    def test_second_translation_comes_from_disk(self):
        first = T.translate(TUTORIAL_SERVER, 'server.py', self.cache)
        self.assertEqual(len(self.entries()), 1)
        T.clear_memory_cache()   # as in a new process
        runs = T.lib2to3_runs
        with self.no_lib2to3():
            second = T.translate(TUTORIAL_SERVER, 'server.py', self.cache)
        self.assertEqual(second, first)
        self.assertEqual(T.lib2to3_runs, runs)

    def test_is_python2_uses_the_cache(self):
        T.translate(TUTORIAL_CLIENT, 'client.py', self.cache)
        T.clear_memory_cache()
        with self.no_lib2to3():
            self.assertTrue(T.is_python2(TUTORIAL_CLIENT, 'client.py',
                                         self.cache))

    def test_memory_cache_between_is_python2_and_translate(self):
        runs = T.lib2to3_runs
        self.assertTrue(T.is_python2('print "memo"\n'))
        T.translate('print "memo"\n')
        self.assertEqual(T.lib2to3_runs, runs + 1)

    def test_no_temporary_files_left(self):
        T.translate('print "tmp"\n', cache_dir=self.cache)
        self.assertFalse([n for n in self.entries() if n.startswith('.tmp')])

    def test_corrupt_entry_is_ignored_and_rewritten(self):
        expected = T.translate('print "x"\n', cache_dir=self.cache)
        [entry] = self.entries()
        path = os.path.join(self.cache, entry)
        for damage in (b'\xff\xfe not utf-8', b'', b'print("evil")\n'):
            with self.subTest(damage=damage):
                with open(path, 'wb') as f:
                    f.write(damage)
                T.clear_memory_cache()
                runs = T.lib2to3_runs
                self.assertEqual(T.translate('print "x"\n',
                                             cache_dir=self.cache), expected)
                self.assertEqual(T.lib2to3_runs, runs + 1)
                # ... and the rewritten entry is good again.
                T.clear_memory_cache()
                with self.no_lib2to3():
                    self.assertEqual(T.translate('print "x"\n',
                                                 cache_dir=self.cache),
                                     expected)

    def test_truncated_entry_is_ignored(self):
        expected = T.translate(TUTORIAL_SERVER, cache_dir=self.cache)
        [entry] = self.entries()
        path = os.path.join(self.cache, entry)
        with open(path, 'rb') as f:
            data = f.read()
        with open(path, 'wb') as f:
            f.write(data[:len(data) // 2])
        T.clear_memory_cache()
        runs = T.lib2to3_runs
        self.assertEqual(T.translate(TUTORIAL_SERVER, cache_dir=self.cache),
                         expected)
        self.assertEqual(T.lib2to3_runs, runs + 1)

    def test_translator_version_is_part_of_the_key(self):
        T.translate('print "v"\n', cache_dir=self.cache)
        T.clear_memory_cache()
        with mock.patch.object(T, 'TRANSLATOR_VERSION', 'other-version'):
            runs = T.lib2to3_runs
            T.translate('print "v"\n', cache_dir=self.cache)
            self.assertEqual(T.lib2to3_runs, runs + 1)
        self.assertEqual(len(self.entries()), 2)

    def test_unusable_cache_dir_is_not_fatal(self):
        not_a_dir = os.path.join(self.cache, 'file')
        with open(not_a_dir, 'w') as f:
            f.write('x')
        self.assertEqual(T.translate('print "u"\n', cache_dir=not_a_dir),
                         'print("u")\n')

    def test_cache_dir_is_created(self):
        nested = os.path.join(self.cache, 'a', 'b')
        T.translate('print "n"\n', cache_dir=nested)
        self.assertEqual(len([n for n in os.listdir(nested) if n.endswith('.py')]), 1)

    def test_built_tool_is_pickled_and_reused(self):
        saved = T._tool, T._tool_cache_dir
        try:
            T._tool, T._tool_cache_dir = None, self.cache
            T.clear_memory_cache()
            self.assertEqual(T.translate('print "p1"\n', cache_dir=self.cache), 'print("p1")\n')
            pickles = [n for n in os.listdir(self.cache) if n.startswith('lib2to3-tool-')]
            self.assertEqual(len(pickles), 1, os.listdir(self.cache))
            loaded = T._make_tool()  # from the pickle this time
            self.assertIsNot(loaded, T._tool)
            T._tool = loaded
            self.assertEqual(T.translate('print "p2"\n', cache_dir=self.cache), 'print("p2")\n')
        finally:
            T._tool, T._tool_cache_dir = saved

    def test_failures_are_not_cached(self):
        with self.assertRaises(SyntaxError):
            T.translate('print "x"\n(\n', 'bad.py', self.cache)
        self.assertEqual(self.entries(), [])


class AliasTests(unittest.TestCase):

    NAMES = sorted(set(aliases.RENAMED) | set(aliases.COMPOSITE))

    def setUp(self):
        self.forget()
        self.meta_path = list(sys.meta_path)
        aliases.install()

    def tearDown(self):
        aliases.uninstall()
        sys.meta_path[:] = self.meta_path
        self.forget()

    def forget(self):
        for name in self.NAMES:
            sys.modules.pop(name, None)

    def finders(self):
        return [f for f in sys.meta_path
                if isinstance(f, aliases.Python2AliasFinder)]

    def test_install_is_idempotent(self):
        first = aliases.install()
        second = aliases.install()
        self.assertIs(first, second)
        self.assertEqual(len(self.finders()), 1)
        aliases.uninstall()
        self.assertEqual(self.finders(), [])

    def test_socketserver(self):
        import SocketServer
        import socketserver
        self.assertIs(SocketServer, socketserver)
        self.assertIs(SocketServer.TCPServer, socketserver.TCPServer)
        # The real module keeps its identity.
        self.assertEqual(socketserver.__name__, 'socketserver')
        self.assertEqual(socketserver.__spec__.name, 'socketserver')

    def test_urllib2(self):
        import urllib2
        import urllib.error
        import urllib.parse
        import urllib.request
        self.assertIs(urllib2.urlopen, urllib.request.urlopen)
        self.assertIs(urllib2.Request, urllib.request.Request)
        self.assertIs(urllib2.build_opener, urllib.request.build_opener)
        self.assertIs(urllib2.URLError, urllib.error.URLError)
        self.assertIs(urllib2.HTTPError, urllib.error.HTTPError)
        self.assertIs(urllib2.quote, urllib.parse.quote)
        self.assertIs(urllib2.urlencode, urllib.parse.urlencode)

    def test_from_queue_import_queue(self):
        from Queue import Queue, Empty
        import queue
        self.assertIs(Queue, queue.Queue)
        self.assertIs(Empty, queue.Empty)

    def test_dynamic_import(self):
        import importlib
        import http.client
        self.assertIs(importlib.import_module('httplib'), http.client)
        self.assertIs(__import__('cPickle').dumps, __import__('pickle').dumps)

    def test_simple_renames(self):
        import importlib
        for old, new in aliases.RENAMED.items():
            with self.subTest(old):
                if old in ('asyncore', 'asynchat') and sys.version_info < (3, 12):
                    continue  # the real module still exists there, and a real module wins
                try:
                    target = importlib.import_module(new)
                except ImportError:
                    continue  # e.g. a build without dbm
                self.assertIs(importlib.import_module(old), target)

    def test_stringio_modules(self):
        import StringIO
        import cStringIO
        self.assertIs(StringIO.StringIO, io.StringIO)
        self.assertIs(cStringIO.StringIO, io.StringIO)
        buf = StringIO.StringIO()
        buf.write(u'x')
        self.assertEqual(buf.getvalue(), 'x')

    def test_commands(self):
        import commands
        self.assertIs(commands.getstatusoutput, subprocess.getstatusoutput)
        self.assertIs(commands.getoutput, subprocess.getoutput)

    def test_python3_names_are_not_shadowed(self):
        import select
        import socket
        import urllib
        self.assertIsNone(self.finders()[0].find_spec('urllib'))
        self.assertIsNone(self.finders()[0].find_spec('socket'))
        self.assertTrue(hasattr(urllib, 'parse') or
                        urllib.__spec__.submodule_search_locations)
        self.assertFalse(hasattr(urllib, 'urlopen'))  # not the Python 2 one
        self.assertTrue(hasattr(socket, 'create_connection'))
        self.assertTrue(hasattr(select, 'select'))

    def test_submodules_are_not_matched(self):
        self.assertIsNone(self.finders()[0].find_spec('Queue', ['/x']))

    def test_a_real_module_of_the_same_name_wins(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, 'Queue.py'), 'w') as f:
                f.write('LOCAL = True\n')
            sys.path.insert(0, directory)
            try:
                import Queue
            finally:
                sys.path.remove(directory)
        self.assertTrue(getattr(Queue, 'LOCAL', False))

    def test_unknown_names_still_fail(self):
        with self.assertRaises(ImportError):
            __import__('NoSuchPython2Module')

    def test_untranslated_python3_script_with_python2_imports(self):
        # Valid Python 3, so it is not translated; only aliases save it.
        source = ('import SocketServer, Queue\n'
                  'q = Queue.Queue()\n'
                  'q.put(SocketServer.TCPServer.__name__)\n'
                  'print(q.get())\n')
        self.assertFalse(T.is_python2(source))
        self.assertEqual(run_script(source), ('TCPServer\n', None))


if __name__ == '__main__':
    unittest.main()
