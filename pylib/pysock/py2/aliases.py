"""Python 2 module names, importable on Python 3.

2to3 already renames the imports it can see, but scripts that are valid
Python 3 are not translated (`import SocketServer` compiles fine), and
dynamic imports (`__import__('Queue')`) are invisible to it.  install()
adds a sys.meta_path finder that serves the old names from the Python 3
modules.

The finder is appended *after* the standard finders, so a real module of
the same name (the script's own Queue.py, say) always wins, and names that
exist in Python 3 (`urllib`, `socket`, `select`, ...) are never touched.
"""

import importlib
import importlib.machinery
import sys

# Old name -> Python 3 module served as is (the very same module object,
# so `SocketServer.TCPServer is socketserver.TCPServer`).
RENAMED = {
    '__builtin__': 'builtins',
    'anydbm': 'dbm',
    # Removed in Python 3.12; pysock provides them (used only where no real module is found).
    'asynchat': 'pysock.py2.asynchat',
    'asyncore': 'pysock.py2.asyncore',
    'BaseHTTPServer': 'http.server',
    'CGIHTTPServer': 'http.server',
    'ConfigParser': 'configparser',
    'Cookie': 'http.cookies',
    'cookielib': 'http.cookiejar',
    'copy_reg': 'copyreg',
    'cPickle': 'pickle',
    'DocXMLRPCServer': 'xmlrpc.server',
    'dummy_thread': '_thread',
    'gopherlib': 'pysock.py2.gopherlib',  # removed from Python long ago; pysock provides it
    'htmlentitydefs': 'html.entities',
    'HTMLParser': 'html.parser',
    'httplib': 'http.client',
    'Queue': 'queue',
    'repr': 'reprlib',
    'robotparser': 'urllib.robotparser',
    'SimpleHTTPServer': 'http.server',
    'SimpleXMLRPCServer': 'xmlrpc.server',
    'SocketServer': 'socketserver',
    'thread': '_thread',
    'urlparse': 'urllib.parse',
    'xmlrpclib': 'xmlrpc.client',
}


def _build_urllib2(module):
    # urllib2 was split into urllib.request and urllib.error; it also
    # re-exported a few helpers from urllib that scripts came to rely on.
    import urllib.error
    import urllib.parse
    import urllib.request
    for name in dir(urllib.request):
        value = getattr(urllib.request, name)
        if not name.startswith('_') and not isinstance(value, type(sys)):
            setattr(module, name, value)
    for name in urllib.error.__all__:
        setattr(module, name, getattr(urllib.error, name))
    for name in ('quote', 'unquote', 'urlencode'):
        setattr(module, name, getattr(urllib.parse, name))


def _build_stringio(module):
    # Python 2 scripts become str-based after translation, so io.StringIO
    # is the right replacement for both StringIO and cStringIO.
    import io
    module.StringIO = io.StringIO


def _build_md5(module):
    # Python 2's md5 and sha modules, the hashlib functions under their old names (through
    # pysock's Python 2 view of hashlib, so they take and give Python 2 str).
    import hashlib
    from pysock.py2 import runtime
    module.new = module.md5 = runtime.view_of(hashlib).md5
    module.digest_size = 16
    module.blocksize = 1


def _build_sha(module):
    import hashlib
    from pysock.py2 import runtime
    module.new = module.sha = runtime.view_of(hashlib).sha1
    module.digest_size = module.digestsize = 20
    module.blocksize = 1


def _build_commands(module):
    import subprocess
    module.getoutput = subprocess.getoutput
    module.getstatusoutput = subprocess.getstatusoutput


def _build_userdict(module):
    import collections
    module.UserDict = module.IterableUserDict = collections.UserDict
    module.DictMixin = collections.abc.MutableMapping


def _build_userlist(module):
    import collections
    module.UserList = collections.UserList


def _build_userstring(module):
    import collections
    module.UserString = collections.UserString


# Old name -> function filling in a new module, for names that have no
# single Python 3 counterpart.
COMPOSITE = {
    'commands': _build_commands,
    'md5': _build_md5,
    'sha': _build_sha,
    'cStringIO': _build_stringio,
    'StringIO': _build_stringio,
    'urllib2': _build_urllib2,
    'UserDict': _build_userdict,
    'UserList': _build_userlist,
    'UserString': _build_userstring,
}


class Python2AliasFinder:
    """Finds and loads the Python 2 names listed in RENAMED and COMPOSITE.

    A plain class (the meta-path protocol is duck-typed): importing importlib.abc costs
    seconds of start-up on GraalPy.
    """

    # Recognised by install() even if this module gets reloaded.
    pysock_py2_aliases = True

    def find_spec(self, fullname, path=None, target=None):
        if path is not None:  # only top-level modules had these names
            return None
        if fullname not in RENAMED and fullname not in COMPOSITE:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, origin='alias')

    def create_module(self, spec):
        return None  # a plain new module

    def exec_module(self, module):
        name = module.__name__
        if name in COMPOSITE:
            module.__doc__ = 'Python 2 compatibility module (pysock).'
            COMPOSITE[name](module)
            return
        # Swap the real module in.  The import system reads sys.modules
        # back after exec_module, so `import Queue` binds the real queue
        # module; the real module's __spec__ and __name__ stay untouched.
        sys.modules[name] = importlib.import_module(RENAMED[name])


def _installed():
    return [f for f in sys.meta_path
            if getattr(f, 'pysock_py2_aliases', False)]


def install():
    """Make the Python 2 module names importable.  Idempotent."""
    found = _installed()
    if found:
        return found[0]
    finder = Python2AliasFinder()
    sys.meta_path.append(finder)
    return finder


def uninstall():
    """Remove the finder; modules already imported stay in sys.modules."""
    for finder in _installed():
        sys.meta_path.remove(finder)
