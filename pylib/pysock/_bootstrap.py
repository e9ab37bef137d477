"""Start-up: installs pysock's _socket before any user code, then runs the script as CPython would.

The Java host calls ``install`` right after the context is created and then ``run``; ``run``
returns the exit status (it never lets an exception escape into Java, so a script's failure is a
Python traceback, never a Java stack trace).
"""

import errno
import os
import sys

_py2_files = set()
# Python 2 files that use the print function (`from __future__ import print_function`).
_py2_print_function = set()

# (type name, message, traceback text) of the exception that ended the last run, for Java embedders.
last_failure = None

# The folder of this run's Python 2 translations (set by run()).
translation_cache = None


def install(module_bridge, use_pysock_sockets, unicode_data=None):
    # GraalPy installs its SIGINT handler when the signal module initialises; pysock's Java side
    # chains onto it right after this returns, so make sure it exists first.
    import signal  # noqa: F401
    # The stand-ins for native modules (pyexpat, _ssl, _cpython_unicodedata) load only when a
    # script imports them, since most scripts never do and each costs a module load on every start.
    finder = _StandIns(use_pysock_sockets, unicode_data)
    sys.meta_path.insert(0, finder)
    _refuse_native_extensions()
    _refuse_processes()
    _drop_openpty()
    # unicodedata fetched its native delegate's names lazily; with the stand-in served it finds them.
    sys.modules.pop("_cpython_unicodedata", None)
    for name in ("pyexpat", "xml.parsers.expat", "_elementtree"):
        sys.modules.pop(name, None)
    if not use_pysock_sockets:
        return
    _refuse_builtin_socket()
    from pysock import _socket
    _socket._install(module_bridge)
    sys.modules["_socket"] = _socket
    from pysock import select
    sys.modules["select"] = select
    from pysock import _signals
    _signals.install()
    from pysock import _os
    _os.install()
    _know_iov_max()
    # Anything that imported the built-in socket layer during start-up must not keep it.
    for name in ("socket", "selectors", "socketserver", "asyncio", "ssl", "_ssl"):
        sys.modules.pop(name, None)


def _know_iov_max():
    # With socket.sendmsg present, asyncio (selector_events) asks os.sysconf('SC_IOV_MAX') at
    # import and uses sendmsg for its writes unless that raises OSError; GraalPy raises ValueError
    # instead, which breaks the import. pysock answers with OSError(EINVAL), as a system without
    # IOV_MAX does, so asyncio keeps writing with send(): its sendmsg path would hand pysock's
    # sendmsg the whole write buffer on every call, and pysock joins the buffers it is given.
    sysconf = os.sysconf

    def sysconf_without_iov_max(name):
        if name in ("SC_IOV_MAX", 60):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return sysconf(name)
    sysconf_without_iov_max.__doc__ = sysconf.__doc__
    os.sysconf = sysconf_without_iov_max


def warm_up(host_translator):
    """In a context booted ahead of its run: import what nearly every script imports first."""
    import socket  # noqa: F401
    if host_translator is not None:
        from pysock.py2 import translate
        translate._host = host_translator


def enter_process(cwd, keys, values, line_buffered):
    """A prepared context takes on its run's process state: working directory, environment, stdout mode."""
    os.chdir(cwd)
    for k in list(os.environ):
        del os.environ[k]
    for k, v in zip(keys, values):
        os.environ[str(k)] = str(v)
    if line_buffered:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(line_buffering=True)
            except Exception:
                pass


_NATIVE_ONLY = {
    # Modules GraalPy 25.0 has only as native code (or not at all), and the module behind each.
    "_bz2": "bz2", "_sqlite3": "sqlite3", "_curses": "curses",
    "_curses_panel": "curses.panel", "_dbm": "dbm.ndbm", "_gdbm": "dbm.gnu", "_tkinter": "tkinter",
    "_ctypes_test": "ctypes' tests", "_testcapi": "CPython's C API tests", "_uuid": "uuid (its C helper)",
    # GraalPy's re runs patterns its own engine (TRegex) cannot on CPython's C engine.
    "_cpython_sre": "re, for a pattern GraalPy's regular-expression engine does not support",
}

# Built-in modules that exist but cannot work on GraalPy's Java POSIX layer (which pysock uses):
# unrefused, their first call escapes as a Java exception, past any `except` in the script.
_UNSUPPORTED = {
    "_crypt": ("crypt", "GraalPy's Java POSIX layer has no crypt()"),
    # GraalPy's _ctypes imports, but ctypes fails half-way (no _memmove_addr): calling C is native code.
    "_ctypes": ("ctypes", "ctypes calls native code, which pysock never loads"),
}


def _native_refusal(name, origin=None):
    """The one ImportError every native module gets: libraries' `except ImportError` fallbacks work."""
    if name in _UNSUPPORTED:
        behind, why = _UNSUPPORTED[name]
        return ImportError("%s: not available on pysock (%s), needed by %s" % (name, why, behind), name=name)
    behind = _NATIVE_ONLY.get(name)
    what = "a native extension module" + (" (%s)" % origin if origin else "")
    if behind and behind != name:
        what += ", needed by %s" % behind
    return ImportError("%s: %s; pysock runs pure-Python code only (no native code is loaded)" % (name, what),
                       name=name, path=origin)


def _process_refusal(*args, **kwargs):
    """What starting a process gives: scripts start none (the context has no process rights).

    Unpatched, os.system and multiprocessing hit that wall as a Java exception that ends the run
    past any `except`; subprocess and os.exec* already get this PermissionError from GraalPy.
    """
    import errno
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM) + " (pysock: scripts start no processes)")


def _refuse_processes():
    import posix
    for name in ("system",):
        setattr(posix, name, _process_refusal)
        setattr(os, name, _process_refusal)
    # subprocess with pipes: GraalPy's fork_exec would fail on pysock's os.pipe() numbers with
    # EBADF before its own PermissionError; refuse it first, the same way as os.system.
    try:
        import _posixsubprocess
    except ImportError:
        pass
    else:
        _posixsubprocess.fork_exec = _process_refusal
        subprocess = sys.modules.get("subprocess")
        if subprocess is not None and getattr(subprocess, "_fork_exec", None) is not None:
            subprocess._fork_exec = _process_refusal
    try:
        import _multiprocessing_graalpy
    except ImportError:
        return
    _multiprocessing_graalpy._spawn_context = _process_refusal


def _drop_openpty():
    """GraalPy's Java POSIX layer has no pseudo-terminals, and its os.openpty says so with a Java
    exception that ends the run past any `except`. GraalPy already leaves forkpty and ttyname out
    of os there; without openpty too, code that asks (pty.openpty, hasattr checks in tests) takes
    its no-pty path, as on a system without openpty()."""
    import posix
    for module in (posix, os):
        if hasattr(module, "openpty"):
            delattr(module, "openpty")
        names = getattr(module, "__all__", None)
        if isinstance(names, list) and "openpty" in names:
            names.remove("openpty")  # `from os import *` must not name it


def _refuse_builtin_socket():
    """GraalPy's built-in _socket has no host sockets here; asking for it is an ImportError.

    `import _socket` gives pysock's; this covers the routes round sys.modules (_imp, importlib).
    The wall itself is the context's (no host socket access): this only makes it an exception a
    script can catch instead of a Java error that ends the run.
    """
    import _imp
    create = _imp.create_builtin

    def create_builtin(spec):
        if getattr(spec, "name", None) == "_socket":
            raise ImportError("_socket: GraalPy's built-in socket module is switched off in pysock runs;"
                              " `import socket` gives pysock's", name="_socket")
        return create(spec)

    _imp.create_builtin = create_builtin


def _refuse_native_extensions():
    # Every C extension file, on the script's path or in GraalPy's own library, is loaded by
    # ExtensionFileLoader. Unpatched, GraalPy refuses the first with ImportError and later ones
    # with SystemError (its IsolateNativeModules check), which `try: import x / except
    # ImportError` fallbacks in libraries do not catch; so refuse them all here, the same way.
    from importlib import machinery

    def create_module(self, spec):
        raise _native_refusal(spec.name, spec.origin)

    def exec_module(self, module):
        raise _native_refusal(module.__name__)

    machinery.ExtensionFileLoader.create_module = create_module
    machinery.ExtensionFileLoader.exec_module = exec_module


class _StandIns:
    """A meta-path finder for pysock's stand-ins of native modules, loaded on first import.

    pyexpat (behind xml.parsers.expat, xmlrpc, xml.etree, plistlib) is a C extension on GraalPy;
    pysock's pure-Python one is served instead (pysock/pyexpat.py). _elementtree, the C
    accelerator that would need native expat, is refused, so xml.etree uses its Python classes.
    With pysock's sockets, _ssl is pysock/_ssl.py, which wraps GraalPy's built-in _ssl.
    """

    def __init__(self, replace_ssl, unicode_data):
        self._replace_ssl = replace_ssl
        self._loading_ssl = False
        self._unicode_data = unicode_data

    def find_spec(self, name, path=None, target=None):
        if name == "_elementtree":
            raise ImportError("pysock: _elementtree needs native expat; ElementTree's Python code is used",
                              name=name)
        if name in ("pyexpat", "termios"):
            import importlib.util
            return importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(__file__), name + ".py"))
        if name == "_cpython_unicodedata" and self._unicode_data is not None:
            import importlib.util
            spec = importlib.util.spec_from_file_location(
                name, os.path.join(os.path.dirname(__file__), "_unicodedata.py"))
            spec.loader = _WithJava(spec.loader, self._unicode_data)
            return spec
        if name in _NATIVE_ONLY or name in _UNSUPPORTED:
            raise _native_refusal(name)
        if name == "_ssl" and self._replace_ssl and not self._loading_ssl:
            from importlib.machinery import ModuleSpec
            return ModuleSpec(name, self)
        return None

    # Loader for _ssl: pysock/_ssl.py imports the built-in _ssl itself (this finder steps aside
    # meanwhile; the import lock for "_ssl" is re-entrant), and that module then stands as _ssl.
    def create_module(self, spec):
        self._loading_ssl = True
        try:
            from pysock import _ssl
        finally:
            self._loading_ssl = False
        return _ssl

    def exec_module(self, module):
        pass

    @staticmethod
    def invalidate_caches():
        pass


class _WithJava:
    """Loads a stand-in module with its Java object (``_j``) in place before its code runs."""

    def __init__(self, loader, java):
        self._loader = loader
        self._java = java

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self._loader.exec_module(module)
        module._j = self._java


_libraries = ([], None)


def set_libraries(path, venv):
    """The run's library folders (pysock run --path, Script.path) and virtual environment (--venv)."""
    global _libraries
    _libraries = ([str(p) for p in path], None if venv is None else str(venv))


def _apply_libraries():
    """sys.path as CPython builds it: --path folders and PYTHONPATH, then the venv's site-packages.

    Run before the script's own folder goes in front, so the order is CPython's: the script's
    folder, --path, PYTHONPATH, pysock and the standard library, site-packages.
    """
    path, venv = _libraries
    pythonpath = os.environ.get("PYTHONPATH")
    entries = list(path) + (pythonpath.split(os.pathsep) if pythonpath else [])
    sys.path[0:0] = [os.path.abspath(e) for e in entries]  # as CPython: relative to the start-up folder
    from_env = venv is None
    venv = venv if venv is not None else os.environ.get("VIRTUAL_ENV")
    if not venv:
        return
    found = site_packages(venv)
    if found is None:
        message = "pysock: %s%s is not a virtual environment (no lib/python3.*/site-packages in it)" % (
            "VIRTUAL_ENV=" if from_env else "--venv ", venv)
        if from_env:
            # A stale VIRTUAL_ENV in a shell should not stop every script; say so once and go on.
            print(message + "; ignored", file=sys.stderr)
            return
        raise SystemExit(message)
    # site's own code adds it and processes its .pth files (import lines included), as CPython's
    # start-up does for site-packages.
    import site
    site.addsitedir(found)


def site_packages(venv):
    """The site-packages folder of a virtual environment, or None."""
    import glob
    candidates = sorted(glob.glob(os.path.join(venv, "lib", "python3*", "site-packages")), reverse=True)
    candidates += [os.path.join(venv, "Lib", "site-packages")]
    for c in candidates:
        if os.path.isdir(c):
            return c
    return None


def run(kind, target, args, py2_mode, cache_dir):
    """kind: 'script' | 'code' | 'module'; py2_mode: 'auto' | 'py2' | 'py3'. Returns the exit status."""
    global translation_cache
    translation_cache = cache_dir
    try:
        try:
            _apply_libraries()
            _run_main(kind, target, list(args), py2_mode, cache_dir)
        finally:
            _wait_for_threads()
        return 0
    except SystemExit as e:
        return _exit_status(e.code)
    except KeyboardInterrupt:
        _print_traceback()
        return 130
    except BaseException:
        _print_traceback()
        return 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass


def load(kind, target, args, py2_mode, cache_dir, name):
    """Runs a script, module or code string as module ``name`` (not __main__); returns its namespace.

    The Java embedding API calls functions of the result (a handler Java hands sockets to).
    """
    import types
    _apply_libraries()
    if kind == "module":
        import importlib
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        return importlib.import_module(target)
    module = types.ModuleType(name)
    if kind == "code":
        filename, raw = "<%s>" % name, target.encode("utf-8")
    else:
        filename = target
        with open(target, "rb") as f:
            raw = f.read()
        module.__file__ = target
        folder = os.path.dirname(os.path.abspath(target))
        if folder not in sys.path:
            sys.path.insert(0, folder)
    sys.argv = [target] + list(args)
    code = compile_source(raw, filename, py2_mode, cache_dir)
    sys.modules[name] = module
    _py2_namespace(filename, module.__dict__)
    exec(code, module.__dict__)
    return module


def describe(exc, tb=None):
    """(type name, message, traceback text) of an exception, the traceback (from ``tb`` if given) as
    CPython prints it: the one form in which a failure reaches Java (PythonException)."""
    return _type_name(exc), _message(exc), _format(exc, exc.__traceback__ if tb is None else tb)


def _type_name(exc):
    cls = type(exc)
    module = getattr(cls, "__module__", "builtins")
    return cls.__qualname__ if module in ("builtins", "__main__") else "%s.%s" % (module, cls.__qualname__)


def _message(exc):
    try:
        return str(exc)
    except BaseException:
        return "<exception str() failed>"


def _run_main(kind, target, args, py2_mode, cache_dir):
    import __main__
    main_dict = __main__.__dict__
    if kind == "module":
        import runpy
        sys.argv = [target] + args
        sys.path.insert(0, os.getcwd())
        runpy.run_module(target, run_name="__main__", alter_sys=True)
        return
    if kind == "code":
        sys.argv = ["-c"] + args
        sys.path.insert(0, "")
        filename, raw = "<string>", target.encode("utf-8")
    else:
        filename = target
        sys.argv = [target] + args
        sys.path.insert(0, os.path.dirname(os.path.abspath(target)))
        with open(target, "rb") as f:
            raw = f.read()
        main_dict["__file__"] = target
    code = compile_source(raw, filename, py2_mode, cache_dir, is_main=True)
    main_dict["__name__"] = "__main__"
    main_dict.setdefault("__builtins__", __builtins__)
    _py2_namespace(filename, main_dict)
    exec(code, main_dict)


def compile_source(raw, filename, py2_mode, cache_dir, is_main=False):
    """Compiles a script, translating it first when it is Python 2 (forced or detected)."""
    encoding, text, code, py3_text = _python3_form(raw, filename, py2_mode, cache_dir)
    if code is not None:
        return code
    _enable_py2(encoding)
    _py2_files.add(filename)
    if "print_function" in text:
        import re
        if re.search(r"^[ \t]*from[ \t]+__future__[ \t]+import[^\n]*\bprint_function\b", text, re.M):
            _py2_print_function.add(filename)
    return compile(py3_text, filename, "exec", dont_inherit=True)


def translated_source(path):
    """The Python 3 source ``pysock run`` runs for the script at ``path``: the script itself when it
    is Python 3, else its translation, from the same translation cache (``pysock translate``)."""
    with open(path, "rb") as f:
        raw = f.read()
    _, text, code, py3_text = _python3_form(raw, path, "auto", translation_cache)
    return text if code is not None else py3_text


def _python3_form(raw, filename, py2_mode, cache_dir):
    """(encoding, text, code, py3_text): ``code`` is the compiled script when it runs as the Python 3
    it is; otherwise ``py3_text`` is its translation from Python 2 (forced, or detected)."""
    encoding = _source_encoding(raw)
    text = raw.decode(encoding)
    if py2_mode == "py3":
        return encoding, text, compile(text, filename, "exec", dont_inherit=True), None
    if py2_mode == "auto":
        # The cheap check first: valid Python 3 is run as Python 3 without loading the translator.
        try:
            return encoding, text, compile(text, filename, "exec", dont_inherit=True), None
        except SyntaxError:
            from pysock.py2 import translate
            if not translate.is_python2(text, filename, cache_dir=cache_dir):
                raise
    from pysock.py2 import translate
    return encoding, text, None, translate.translate(text, filename, cache_dir=cache_dir)


def _py2_namespace(filename, namespace):
    """A Python 2 script's namespace starts with pysock.py2.runtime's names: the print statement,
    Python 2's repr, open and raw_input, and the helpers its translation calls; its imports get
    the Python 2 views of byte-taking modules."""
    if filename in _py2_files:
        from pysock.py2 import runtime
        runtime.install_import_hook()
        namespace.update(runtime.names_for(filename in _py2_print_function))


def _source_encoding(raw):
    """The script's PEP 263 encoding, as translate.detect_encoding (tokenize) gives it.

    Scripts with no declaration or a UTF-8 one, nearly all, are settled here without importing
    tokenize or the translator; anything else (a BOM, another codec, odd bytes) goes to tokenize.
    """
    if not raw.startswith(b"\xef\xbb\xbf"):
        try:
            lines = [line.decode("utf-8") for line in raw.splitlines(True)[:2]]
        except UnicodeDecodeError:
            lines = None
        if lines is not None:
            import re
            for line in lines:
                found = re.match(r"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", line, re.ASCII)
                if found:
                    name = found.group(1)[:12].lower().replace("_", "-")
                    if name == "utf-8" or name.startswith("utf-8-"):
                        return "utf-8"
                    break
                if not re.match(r"[ \t\f]*(?:[#\r\n]|$)", line):
                    return "utf-8"  # code before any declaration: the default holds
            else:
                return "utf-8"
    from pysock.py2 import translate
    return translate.detect_encoding(raw)


def _enable_py2(encoding):
    from pysock.py2 import aliases, text
    aliases.install()
    text.install(encoding, _py2_files)


def _wait_for_threads():
    # CPython waits for non-daemon threads before it exits; so do we.
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


# Frames not shown in tracebacks: the socket facade and its bridge to Java, and the Python 2
# runtime's helpers, which stand where CPython (or Python 2) had C code (`/` on ints, str.decode,
# socket reads giving str).
_HIDDEN = frozenset(os.path.join(os.path.dirname(__file__), name)
                    for name in ("_socket.py", "_bridge.py", os.path.join("py2", "runtime.py"),
                                 os.path.join("py2", "text.py")))


def _hide_pysock_frames(report, seen=None):
    # pysock's _socket facade and its bridge to Java stand where CPython has C code, which shows no frames.
    seen = seen if seen is not None else set()
    if report is None or id(report) in seen:
        return
    seen.add(id(report))
    report.stack[:] = [f for f in report.stack if f.filename not in _HIDDEN]
    _hide_pysock_frames(report.__cause__, seen)
    _hide_pysock_frames(report.__context__, seen)


def _print_traceback():
    """Prints the pending exception as CPython does; never raises (a failure here is not the user's)."""
    global last_failure
    exc = sys.exc_info()[1]
    # Frames of this module are pysock's machinery, not the user's: drop them as CPython's own
    # runner frames never show.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    last_failure = describe(exc, tb)
    try:
        sys.stderr.write(last_failure[2])
        sys.stderr.flush()
    except BaseException:
        pass


def _format(exc, tb):
    """The traceback text as CPython prints it, without pysock's facade frames; never raises."""
    try:
        import traceback
        report = traceback.TracebackException(type(exc), exc, tb)
        _hide_pysock_frames(report)
        return "".join(report.format())
    except BaseException:
        pass
    # CPython 3.12's caret lines need unicodedata, a native module that the sandbox does not
    # load; print the same report without carets.
    lines = ["Traceback (most recent call last):\n"]
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in _HIDDEN:
            tb = tb.tb_next
            continue
        lines.append('  File "%s", line %d, in %s\n' % (code.co_filename, tb.tb_lineno, code.co_name))
        try:
            import linecache
            text = linecache.getline(code.co_filename, tb.tb_lineno).strip()
            if text:
                lines.append("    %s\n" % text)
        except BaseException:
            pass
        tb = tb.tb_next
    message = _message(exc)
    lines.append("%s%s\n" % (type(exc).__name__, ": " + message if message else ""))
    return "".join(lines)
