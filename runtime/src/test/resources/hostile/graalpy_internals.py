# GraalPy's own doors to the host: polyglot, __graalpython__, its built-in _socket.
import sys
from _report import attempt

import polyglot
attempt("polyglot.eval js", lambda: polyglot.eval(language="js", string="1"))
attempt("polyglot.eval python", lambda: polyglot.eval(language="python", string="1"))
attempt("polyglot.import_value", lambda: polyglot.import_value("x"))
attempt("__graalpython__.build_java_class", lambda: __graalpython__.build_java_class({}, "X", object))

def imp_builtin():
    import _imp, importlib.machinery
    m = _imp.create_builtin(importlib.machinery.BuiltinImporter.find_spec("_socket"))
    return m.socket().connect_ex(("127.0.0.1", 9))

def importlib_builtin():
    import importlib.machinery, importlib.util
    m = importlib.util.module_from_spec(importlib.machinery.BuiltinImporter.find_spec("_socket"))
    return m.socket().connect_ex(("127.0.0.1", 9))

attempt("_imp.create_builtin _socket", imp_builtin)
attempt("importlib builtin _socket", importlib_builtin)
attempt("import _socket", lambda: __import__("_socket").__name__)
