# Native code (ctypes) would reach the host beneath the JVM.
from _report import attempt

attempt("import ctypes", lambda: __import__("ctypes").CDLL(None))
attempt("import _ctypes", lambda: __import__("_ctypes"))
