# -*- coding: utf-8 -*-
"""Tests for the Python 2 runtime (pysock.py2.runtime, text) and `translate --check`.

Run from pylib/:  python3 -m unittest pysock.py2.tests.test_runtime -v
The expected values are what CPython 2.7 gives for the same expressions.
"""

import contextlib
import io
import os
import socket
import tempfile
import textwrap
import unittest

from pysock.py2 import check
from pysock.py2 import runtime as R
from pysock.py2 import text
from pysock.py2 import translate as T


def run_py2(source, filename='py2script.py'):
    """Translate and run a Python 2 source as pysock does; return what it printed."""
    source = textwrap.dedent(source).lstrip('\n')
    code = compile(T.translate(source, filename), filename, 'exec', dont_inherit=True)
    R._py2_files.add(filename)
    R.install_import_hook()
    text.install('utf-8', R._py2_files)  # sockets, socket files, SocketServer... for Python 2 callers
    namespace = dict(R.names_for(), __name__='__main__')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, namespace)
    return out.getvalue()


class ReprAndPrintTests(unittest.TestCase):

    def test_repr_of_bytes_data(self):
        self.assertEqual(R.py2_repr('\x00\x7f\x80\xff'), r"'\x00\x7f\x80\xff'")
        self.assertEqual(R.py2_repr("it's"), '"it\'s"')
        self.assertEqual(R.py2_repr('both \' and "'), "'both \\' and \"'")
        self.assertEqual(R.py2_repr(('a', ['\xe9'], {'k': '\t'})), r"('a', ['\xe9'], {'k': '\t'})")
        self.assertEqual(R.py2_repr(('x',)), "('x',)")
        self.assertEqual(R.py2_repr(u'\u4e16'), r"u'\u4e16'")

    def test_str_of_float_has_12_digits(self):
        self.assertEqual(R.py2_str(1.0 / 3), '0.333333333333')
        self.assertEqual(R.py2_str(2.0), '2.0')
        self.assertEqual(R.py2_str(1e16), '1e+16')
        self.assertEqual(R.py2_str([1.0 / 3]), '[0.3333333333333333]')

    def test_print_statement_soft_space(self):
        out = run_py2('''
            import sys
            print 'a',
            print 'b'
            print 'tab\\t',
            print 'x'
            print 'y',
            sys.stdout.write('[w]')
            print 'z'
            print 1.0 / 3, (1, 'q')
            ''')
        self.assertEqual(out, "a b\ntab\tx\ny[w] z\n0.333333333333 (1, 'q')\n")

    def test_print_function_scripts_keep_the_function(self):
        source = 'from __future__ import print_function\nprint("a", end=" ")\nprint()\n'
        self.assertNotIn('print', R.names_for(print_function=True))
        self.assertIn('print', R.names_for(print_function=False))
        self.assertEqual(T.translate(source).count('print('), 2)


class OperatorTests(unittest.TestCase):

    def test_integer_division_floors(self):
        self.assertEqual(run_py2('''
            n = 17
            n /= 5
            print 7 / 2, -7 / 2, 7 / 2.0, n, 2 * 9 / 4
            '''), '3 -4 3.5 3 4\n')

    def test_longs_keep_their_l(self):
        self.assertEqual(run_py2("n = 10L\n"
                                 "print `n * 3`, n, repr(long(4) + 1), repr(2 ** 64), repr(5), '%r' % (0xFFL,), [7L]\n"),
                         '30L 10 5L 18446744073709551616L 5 255L [7L]\n')

    def test_future_division_is_true_division(self):
        self.assertEqual(run_py2('from __future__ import division\nprint 7 / 2, 7 // 2\n'), '3.5 3\n')

    def test_percent_format(self):
        self.assertEqual(run_py2(r'''
            data = '\x00\xff'
            print 'r=%r s=%s f=%s %d%%' % (data, ['\xe9'], 1.0 / 3, 5)
            print '%(a)r' % {'a': 'q'}
            print '%5.1f|%-3s|' % (2.25, 'x')
            '''), "r='\\x00\\xff' s=['\\xe9'] f=0.333333333333 5%\n'q'\n  2.2|x  |\n")

    def test_codecs_on_str(self):
        self.assertEqual(run_py2(r'''
            print 'abc'.encode('hex'), '616263'.decode('hex'), repr('abc'.encode('base64'))
            print 'a\nb\xff'.encode('string_escape'), 'x\\ny'.decode('string_escape') == 'x\ny'
            print 'hello'.encode('zlib').decode('zlib'), 'uryyb'.decode('rot13')
            u = 'caf\xc3\xa9'.decode('utf-8')
            print len(u), len(u.encode('utf-8')), repr(u.encode('latin-1'))
            '''), "616263 abc 'YWJj\\n'\na\\nb\\xff True\nhello hello\n4 5 'caf\\xe9'\n")

    def test_byte_string_methods_follow_python2(self):
        # \xa0 and \x85 are bytes of UTF-8 characters ('\xc3\xa0' is an a with grave), not spaces.
        self.assertEqual(run_py2(r'''
            s = 'voil\xc3\xa0 tout\xc2\x85'
            print s.split(), repr(s.strip()), repr('\xc3\x89ric'.lower()), '\xe9'.isalpha()
            print 'a b'.split(), 'x,y'.split(','), repr(u'\u4e16 a'.split()[0]), repr('\xa0 x '.strip(' '))
            print repr('l1\x85l2\nl3'.splitlines()), 'abc'.upper(), [1, 2].count(1)
            '''), "['voil\\xc3\\xa0', 'tout\\xc2\\x85'] 'voil\\xc3\\xa0 tout\\xc2\\x85' "
                  "'\\xc3\\x89ric' False\n['a', 'b'] ['x', 'y'] u'\\u4e16' '\\xa0 x'\n"
                  "['l1\\x85l2', 'l3'] ABC 1\n")

    def test_non_ascii_literals_are_their_source_bytes(self):
        # u'é' stays one character; its repr lacks Python 2's u prefix (README: one str type).
        self.assertEqual(run_py2("# -*- coding: utf-8 -*-\ns = 'é'\nprint len(s), repr(s), len(u'é')\n"),
                         "2 '\\xc3\\xa9' 1\n")
        latin = T.translate("# -*- coding: latin-1 -*-\ns = 'é'\n")
        self.assertIn(r"'\xe9'", latin)


class ModuleViewTests(unittest.TestCase):

    def test_byte_taking_modules_take_and_give_str(self):
        out = run_py2(r'''
            import hashlib, hmac, zlib, binascii, base64, struct, socket
            print hashlib.md5('abc').hexdigest(), len(hashlib.sha256('x').digest())
            h = hashlib.new('sha1'); h.update('ab'); h.update('c'); print h.hexdigest()
            print hmac.new('key', 'msg').hexdigest()
            print zlib.crc32('hello'), binascii.crc32('hello') & 0xffffffff
            print binascii.hexlify('\x01\xff'), base64.encodestring('ab'),
            print repr(struct.pack('!HI', 1, 2)), struct.unpack('!4s', 'ab\x00c')
            print repr(socket.inet_aton('1.2.3.4')), socket.inet_ntoa('\x7f\x00\x00\x01')
            ''')
        self.assertEqual(out, '900150983cd24fb0d6963f7d28e17f72 32\n'
                              'a9993e364706816aba3e25717850c26c9cd0d89d\n'
                              '18e3548c59ad40dd03907b7aeee71d67\n'
                              '907060870 907060870\n'
                              '01ff YWI=\n'
                              "'\\x00\\x01\\x00\\x00\\x00\\x02' ('ab\\x00c',)\n"
                              "'\\x01\\x02\\x03\\x04' 127.0.0.1\n")

    def test_python3_code_keeps_bytes(self):
        import hashlib
        import struct
        self.assertIsInstance(struct.pack('!H', 1), bytes)
        with self.assertRaises(TypeError):
            hashlib.md5('text')
        self.assertIs(__import__('struct'), struct)


class SocketFileTests(unittest.TestCase):

    def test_py2file_gives_str_to_python2_callers_only(self):
        a, b = socket.socketpair()
        try:
            reader = R.Py2File(b.makefile('rb'))
            a.sendall(b'line \xff\nrest\n')
            R._py2_files.add(__file__)
            try:
                self.assertEqual(reader.readline(), 'line \xff\n')
            finally:
                R._py2_files.discard(__file__)
            self.assertEqual(reader.readline(), b'rest\n')
            writer = R.Py2File(a.makefile('wb'))
            writer.write('caf\xe9 \u4e16')
            writer.flush()
            self.assertEqual(b.recv(100), b'caf\xe9 \xe4\xb8\x96')
        finally:
            a.close()
            b.close()

    def test_raw_input_gives_bytes(self):
        import sys
        saved = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO('h\u00e9llo\n'.encode('utf-8')), encoding='utf-8')
        try:
            self.assertEqual(R.py2_raw_input(), 'h\xc3\xa9llo')
        finally:
            sys.stdin = saved

    def test_socket_files_and_handlers_use_str(self):
        self.assertEqual(run_py2(r'''
            import socket, SocketServer, threading
            a, b = socket.socketpair()
            b.settimeout(5)  # a buffered write would leave recv waiting: fail, do not hang
            w = a.makefile('wb', 0)
            w.write('unbuffered \xff\n')
            print repr(b.recv(100)), repr(b.makefile('rb').read(0))

            class Handler(SocketServer.StreamRequestHandler):
                def handle(self):
                    line = self.rfile.readline()
                    self.wfile.write('got %r\n' % line)

            server = SocketServer.TCPServer(('127.0.0.1', 0), Handler)
            t = threading.Thread(target=server.handle_request)
            t.start()
            c = socket.create_connection(server.server_address)
            c.sendall('caf\xc3\xa9\n')
            print c.makefile('r').readline(),
            t.join()
            server.server_close()
            '''), "'unbuffered \\xff\\n' ''\ngot 'caf\\xc3\\xa9\\n'\n")

    def test_open_is_byte_faithful(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'f.bin')
            with open(path, 'wb') as f:
                f.write(b'a\r\n\xff')
            self.assertEqual(run_py2("print repr(open(%r).read()), repr(open(%r, 'rb').read())" % (path, path)),
                             "'a\\r\\n\\xff' 'a\\r\\n\\xff'\n")


class CheckTests(unittest.TestCase):

    def test_reports_lines_pysock_cannot_keep(self):
        source = textwrap.dedent('''
            import time, os
            n = 10L
            d = {'a': 1}
            for k in d.keys():
                print k
            print sorted(d.keys())
            x = [4]
            x[0] /= 2
            print time.clock()
            isinstance(n, unicode)
            t = 'x'.decode('utf-8')
            print t.upper(), 'k' in d.keys(), d.keys() == ['a']
            ''').lstrip('\n')
        lines = {line for line, _ in check.check_source(source, 'c.py')}
        self.assertEqual(lines, {4, 8, 9, 10, 12})

    def test_clean_script(self):
        source = "import socket\ns = socket.socket()\nprint 'ok', 7 / 2\n"
        self.assertEqual(check.check_source(source, 'ok.py'), [])

    def test_main_exit_status(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 's.py')
            with open(path, 'w') as f:
                f.write("print cmp(1, 2)\n")
            out = io.StringIO()
            self.assertEqual(check.main(path, out=out), 1)
            self.assertIn('s.py:1: cmp(): not a built-in on Python 3', out.getvalue())
            with open(path, 'w') as f:
                f.write("print('py3')\n")
            self.assertEqual(check.main(path, out=io.StringIO()), 0)
            self.assertEqual(check.main(os.path.join(d, 'missing.py'), out=io.StringIO()), 2)


if __name__ == '__main__':
    unittest.main()
