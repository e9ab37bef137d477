"""termios on descriptors a pysock script can have: the same errors as CPython's.

Run by TermiosTest on pysock (with its own sockets and with GraalPy's) and on CPython `python3`:
the expected values are CPython's on Linux, so a difference fails on one side. None of these
descriptors is a terminal, so every call ends in termios.error, never in a terminal's settings.
"""
import errno
import os
import socket
import sys
import tempfile
import termios
import unittest

ENOTTY = (errno.ENOTTY, "Inappropriate ioctl for device")
EBADF = (errno.EBADF, "Bad file descriptor")
ATTRIBUTES = [0, 0, 0, 0, 0, 0, [b"\0"] * 32]

# Every termios function, with valid arguments after the descriptor.
CALLS = [
    (termios.tcgetattr, ()),
    (termios.tcsetattr, (termios.TCSANOW, ATTRIBUTES)),
    (termios.tcsendbreak, (0,)),
    (termios.tcdrain, ()),
    (termios.tcflush, (termios.TCIOFLUSH,)),
    (termios.tcflow, (termios.TCOON,)),
    (termios.tcgetwinsize, ()),
    (termios.tcsetwinsize, ((24, 80),)),
]


class Errors(unittest.TestCase):
    def assertEveryCallRaises(self, fd, expected):
        for function, rest in CALLS:
            with self.subTest(function=function.__name__):
                with self.assertRaises(termios.error) as caught:
                    function(fd, *rest)
                self.assertEqual(caught.exception.args, expected)

    def test_socket_is_not_a_terminal(self):
        with socket.socket() as s:
            self.assertEveryCallRaises(s.fileno(), ENOTTY)
            self.assertEveryCallRaises(s, ENOTTY)  # an object with fileno()

    def test_connected_socket_is_not_a_terminal(self):
        a, b = socket.socketpair()
        with a, b:
            self.assertEveryCallRaises(a.fileno(), ENOTTY)

    def test_pipe_ends_are_not_terminals(self):
        r, w = os.pipe()
        try:
            self.assertEveryCallRaises(r, ENOTTY)
            self.assertEveryCallRaises(w, ENOTTY)
        finally:
            os.close(r)
            os.close(w)

    def test_regular_file_is_not_a_terminal(self):
        with tempfile.TemporaryFile() as f:
            self.assertEveryCallRaises(f.fileno(), ENOTTY)
            self.assertEveryCallRaises(f, ENOTTY)

    def test_null_device_is_not_a_terminal(self):
        # A character device, as a terminal is: on pysock the message says more (see termios.py).
        with open(os.devnull, "rb") as f:
            with self.assertRaises(termios.error) as caught:
                termios.tcgetattr(f)
            self.assertEqual(caught.exception.args[0], errno.ENOTTY)
            self.assertTrue(caught.exception.args[1].startswith(ENOTTY[1]), caught.exception.args)

    def test_closed_socket_number_is_ebadf(self):
        s = socket.socket()
        fd = s.fileno()
        s.close()
        self.assertEveryCallRaises(fd, EBADF)

    def test_closed_pipe_end_is_ebadf(self):
        r, w = os.pipe()
        os.close(r)
        os.close(w)
        self.assertEveryCallRaises(r, EBADF)

    def test_error_is_not_an_oserror(self):
        self.assertTrue(issubclass(termios.error, Exception))
        self.assertFalse(issubclass(termios.error, OSError))
        self.assertEqual(termios.error.__module__, "termios")
        self.assertEqual(termios.error.__name__, "error")


class Arguments(unittest.TestCase):
    def setUp(self):
        self.sock = socket.socket()
        self.addCleanup(self.sock.close)
        self.fd = self.sock.fileno()

    def assertRaisesWith(self, kind, message, function, *args, **kwargs):
        with self.assertRaises(kind) as caught:
            function(*args, **kwargs)
        self.assertEqual(str(caught.exception), message)

    def test_descriptor_must_be_an_int_or_have_fileno(self):
        for bad in ("3", 1.5, None, object()):
            with self.subTest(bad=bad):
                self.assertRaisesWith(TypeError, "argument must be an int, or have a fileno() method.",
                                      termios.tcgetattr, bad)

    def test_fileno_must_return_an_int(self):
        class Returns:
            def __init__(self, value):
                self.value = value

            def fileno(self):
                return self.value
        self.assertRaisesWith(TypeError, "fileno() returned a non-integer", termios.tcdrain, Returns("3"))
        self.assertRaisesWith(ValueError, "file descriptor cannot be a negative integer (-5)",
                              termios.tcdrain, Returns(-5))

    def test_negative_and_too_large_descriptors(self):
        self.assertRaisesWith(ValueError, "file descriptor cannot be a negative integer (-1)", termios.tcgetattr, -1)
        self.assertRaisesWith(OverflowError, "Python int too large to convert to C int", termios.tcgetattr, 2**31)
        self.assertRaisesWith(OverflowError, "Python int too large to convert to C int", termios.tcgetattr, 2**70)

    def test_int_arguments_are_checked_before_the_descriptor(self):
        closed = socket.socket()
        number = closed.fileno()
        closed.close()
        for function in (termios.tcsendbreak, termios.tcflush, termios.tcflow):
            with self.subTest(function=function.__name__):
                self.assertRaisesWith(TypeError, "'str' object cannot be interpreted as an integer",
                                      function, number, "1")
                self.assertRaisesWith(TypeError, "'float' object cannot be interpreted as an integer",
                                      function, self.fd, 1.0)
                self.assertRaisesWith(OverflowError, "Python int too large to convert to C int",
                                      function, self.fd, 2**40)

    def test_tcsetattr_wants_a_seven_element_list_before_the_descriptor(self):
        closed = socket.socket()
        number = closed.fileno()
        closed.close()
        for bad in ([], (0,) * 7, [0] * 8, None):
            with self.subTest(bad=bad):
                self.assertRaisesWith(TypeError, "tcsetattr, arg 3: must be 7 element list",
                                      termios.tcsetattr, number, termios.TCSANOW, bad)
        self.assertRaisesWith(TypeError, "'str' object cannot be interpreted as an integer",
                              termios.tcsetattr, self.fd, "now", ATTRIBUTES)
        # The list's items are read only after the descriptor's attributes: the descriptor's error wins.
        with self.assertRaises(termios.error) as caught:
            termios.tcsetattr(self.fd, termios.TCSANOW, [1, 2, 3, 4, 5, 6, "x"])
        self.assertEqual(caught.exception.args, ENOTTY)

    def test_tcsetwinsize_wants_two_integers_before_the_descriptor(self):
        for bad in (5, (1,), (1, 2, 3), {0: 1, 1: 2}):
            with self.subTest(bad=bad):
                self.assertRaisesWith(TypeError, "tcsetwinsize, arg 2: must be a two-item sequence",
                                      termios.tcsetwinsize, self.fd, bad)
        self.assertRaisesWith(TypeError, "'str' object cannot be interpreted as an integer",
                              termios.tcsetwinsize, 999999, "ab")
        self.assertRaisesWith(TypeError, "'float' object cannot be interpreted as an integer",
                              termios.tcsetwinsize, self.fd, [1.5, 2])
        self.assertRaisesWith(OverflowError, "Python int too large to convert to C long",
                              termios.tcsetwinsize, self.fd, [2**70, 2])

    def test_argument_counts_and_keywords(self):
        for name in ("tcgetattr", "tcdrain", "tcgetwinsize"):
            with self.subTest(name=name):
                function = getattr(termios, name)
                self.assertRaisesWith(TypeError, "termios.%s() takes exactly one argument (0 given)" % name, function)
                self.assertRaisesWith(TypeError, "termios.%s() takes exactly one argument (2 given)" % name,
                                      function, self.fd, 1)
        for name, count in (("tcsetattr", 3), ("tcsendbreak", 2), ("tcflush", 2), ("tcflow", 2),
                            ("tcsetwinsize", 2)):
            with self.subTest(name=name):
                self.assertRaisesWith(TypeError, "%s expected %d arguments, got 4" % (name, count),
                                      getattr(termios, name), 1, 2, 3, 4)
        self.assertRaisesWith(TypeError, "termios.tcgetattr() takes no keyword arguments", termios.tcgetattr, fd=1)


class Users(unittest.TestCase):
    def test_tty_imports_and_reports_a_socket_as_no_terminal(self):
        import tty
        with socket.socket() as s:
            with self.assertRaises(termios.error) as caught:
                tty.setraw(s)
            self.assertEqual(caught.exception.args, ENOTTY)
        self.assertEqual(tty.LFLAG, 3)
        self.assertEqual(tty.CC, 6)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
