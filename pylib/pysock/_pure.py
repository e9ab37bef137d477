"""Pure-Python stand-ins for GraalPy's native modules, so scripts never need native access.

``pyexpat`` (behind ``xml.parsers.expat``, ``xmlrpc``, ``xml.etree``, ``plistlib``) is a C
extension on GraalPy 25.0; the finder below makes ``import pyexpat`` load pysock's pure-Python
one instead (see ``pysock/pyexpat.py``). ``_elementtree`` (the C accelerator, which would need
the native expat) is refused with ImportError, so ``xml.etree`` uses its pure-Python classes.
"""

import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_MODULES = {"pyexpat": os.path.join(_HERE, "pyexpat.py")}


class _PureFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "_elementtree":
            raise ImportError("pysock: _elementtree needs native expat; ElementTree's Python code is used",
                              name=name)
        where = _MODULES.get(name)
        if where is None:
            return None
        return importlib.util.spec_from_file_location(name, where)

    @staticmethod
    def invalidate_caches():
        pass


def install():
    if not any(isinstance(f, _PureFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PureFinder())
    for name in ("pyexpat", "xml.parsers.expat", "_elementtree"):
        sys.modules.pop(name, None)
