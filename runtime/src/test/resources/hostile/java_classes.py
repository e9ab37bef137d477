# Host Java classes: reachable only with --allow-java (the positive control).
from _report import attempt

attempt("java.type System", lambda: __import__("java").type("java.lang.System").getProperty("java.specification.version") is not None)
attempt("polyglot java_type", lambda: __import__("polyglot").java_type("java.lang.Runtime") is not None if hasattr(__import__("polyglot"), "java_type") else "no java_type")
