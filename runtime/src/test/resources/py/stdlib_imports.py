"""Imports every standard-library module (sys.stdlib_module_names) and the submodules of the
packages network code uses, one by one, and prints each failure as
"FAIL<TAB>name<TAB>exception type<TAB>message", then "IMPORTED<TAB>count". Arguments: modules
not to import (they act when imported, e.g. antigravity opens a web browser).
"""
import importlib
import pkgutil
import sys

PACKAGES = ["asyncio", "concurrent", "email", "encodings", "html", "http", "json", "logging", "urllib", "xml",
            "xmlrpc", "wsgiref", "importlib", "collections", "dbm", "unittest", "zoneinfo", "multiprocessing"]
skip = set(sys.argv[1:])
names = sorted(n for n in sys.stdlib_module_names if n not in skip)
for package in PACKAGES:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        last = info.name.rsplit(".", 1)[1]
        # scripts (python -m ...) and test suites are not for importing
        if last != "__main__" and not last.startswith("test") and info.name not in skip:
            names.append(info.name)
imported = 0
for name in names:
    try:
        importlib.import_module(name)
        imported += 1
    except BaseException as e:
        print("FAIL\t%s\t%s\t%s" % (name, type(e).__name__, str(e).replace("\n", " ")[:200]))
print("IMPORTED\t%d" % imported)
