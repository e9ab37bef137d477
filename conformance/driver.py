"""Runs one CPython test module, class by class, and prints unittest's own counts.

Used by `pysock conformance` (launcher io.pysock.cli.ConformanceCommand), which starts this
script on pysock, on GraalPy's own sockets, or under python3, and kills it when one class runs
past its time limit (it then starts it again after that class). Runs unchanged under CPython
3.11 and GraalPy 3.12.

    driver.py TESTDIR MODULE SKIPFILE [--after CLASS | --resume TEST] [--only CLASS,...] [--failures]
              [--stacks-after S]

--after CLASS starts with the class after CLASS; --resume TEST starts with the test after TEST, in
TEST's class (the parent uses them to go on after a class or a test that hung).

TESTDIR is the folder of CPython's `test` package (Debian's libpython3.11-testsuite). Only `test`
is taken from it: it is loaded as a package from that folder, so the running Python's own
standard library is never shadowed. The one exception: the modules 3.12 removed from the library
(`asyncore`, `asynchat`, `smtpd`), which 3.11's protocol tests use for their servers, are found in
TESTDIR's parent folder (3.11's library) when, and only when, the running Python has none.

Output, one line per event, flushed at once (the parent reads them as they come):
    BEGIN <class> <number of tests>
    TEST <test id> <monotonic time>       a test starts
    RESULT <test id> run N failures N errors N skipped N xfail N xpass N passed N
                                           a test has ended: the growth of unittest's result in it
    CLASS <class> run N failures N errors N skipped N xfail N xpass N passed N seconds S
                                           (passed: unittest's addSuccess calls and expected failures;
                                           an error in a class or module fixture has no test of its own)
    FAIL <test id> | ERROR <test id>      (with --failures, the first line of the reason after it)
    MODULE-ERROR <text>                    the module does not import
"""
import importlib.machinery
import importlib.util
import sys
import time
import unittest


def load_test_package(testdir):
    spec = importlib.util.spec_from_file_location(
        "test", testdir + "/__init__.py", submodule_search_locations=[testdir])
    package = importlib.util.module_from_spec(spec)
    sys.modules["test"] = package
    spec.loader.exec_module(package)


class RemovedModuleFinder:
    """Finds the modules Python 3.12 removed from the standard library and 3.11's tests still
    import (test_poplib, test_ftplib, test_smtplib run their servers on asyncore/asynchat/smtpd)
    in 3.11's library folder. It is last on sys.meta_path, so it answers only when the running
    Python has no such module (CPython 3.11 has them, and imports its own)."""

    NAMES = ("asyncore", "asynchat", "smtpd")

    def __init__(self, libdir):
        self.libdir = libdir

    def find_spec(self, name, path=None, target=None):
        if name not in self.NAMES:
            return None
        filename = "%s/%s.py" % (self.libdir, name)
        return importlib.util.spec_from_file_location(name, filename, loader=self.Loader(name, filename))

    class Loader(importlib.machinery.SourceFileLoader):
        def exec_module(self, module):
            # Their first line, warnings._deprecated(name, remove=(3, 12)), raises on 3.12.
            import warnings
            deprecated = warnings._deprecated
            warnings._deprecated = lambda *args, **kwargs: None
            try:
                super().exec_module(module)
            finally:
                warnings._deprecated = deprecated


def read_skips(path):
    """test id (or class id) -> reason; one `id  reason` a line, `#` comments."""
    skips = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            ident, _, reason = line.partition(" ")
            skips[ident] = reason.strip() or "listed in conformance/skips.txt"
    return skips


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def apply_skip(test, reason):
    # The skip decorator on the instance's method: unittest then skips it before setUp runs.
    @unittest.skip(reason)
    def skipped():
        pass
    setattr(test, test._testMethodName, skipped)


def classes_of(module, skips):
    """[(class id, [tests])] in the loader's order; listed tests are wrapped as skipped."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    order, by_class = [], {}
    for test in iter_tests(suite):
        if not isinstance(test, unittest.TestCase) or not hasattr(test, "_testMethodName"):
            # a loader failure (_FailedTest) or a foreign object: reported as its own "class"
            cid = type(test).__module__ + "." + type(test).__qualname__
        else:
            cid = type(test).__module__ + "." + type(test).__qualname__
            reason = skips.get(test.id()) or skips.get(cid)
            if reason:
                apply_skip(test, reason)
        if cid not in by_class:
            by_class[cid] = []
            order.append(cid)
        by_class[cid].append(test)
    return [(cid, by_class[cid]) for cid in order]


def first_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1][:300] if lines else ""


class StackWatch:
    """Prints every thread's stack once when a class runs past `after` seconds, so that the log
    of a class the parent then kills as hung says where it was."""

    def __init__(self, after):
        import threading
        self.after = after
        self.current = None
        self.started = 0.0
        self.dumped = False
        if after:
            threading.Thread(target=self._watch, daemon=True, name="conformance-stack-watch").start()

    def begin(self, cid):
        self.current, self.started, self.dumped = cid, time.monotonic(), False

    def _watch(self):
        import traceback
        while True:
            time.sleep(1.0)
            if self.current and not self.dumped and time.monotonic() - self.started > self.after:
                self.dumped = True
                print("STACKS of %s after %d s:" % (self.current, self.after), file=sys.stderr)
                for tid, frame in sys._current_frames().items():
                    print("-- thread %s" % tid, file=sys.stderr)
                    traceback.print_stack(frame, file=sys.stderr)
                sys.stderr.flush()


class Result(unittest.TestResult):
    """unittest's own result. It also says when each test starts and what unittest recorded for
    it when it ends, so that a class stopped by its time limit still counts the tests that ended."""

    def __init__(self):
        super().__init__()
        self.successes = 0
        self._at_start = None

    def figures(self):
        return (self.testsRun, len(self.failures), len(self.errors), len(self.skipped),
                len(self.expectedFailures), len(self.unexpectedSuccesses), self.successes)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.successes += 1

    def startTest(self, test):
        print("TEST %s %.1f" % (test.id(), time.monotonic()), file=sys.stdout, flush=True)
        self._at_start = self.figures()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        if self._at_start is not None:
            print("RESULT %s %s" % (test.id(), figures_text(self._at_start, self.figures())), file=sys.stdout, flush=True)
            self._at_start = None


def figures_text(before, after):
    d = [a - b for a, b in zip(after, before)]
    return "run %d failures %d errors %d skipped %d xfail %d xpass %d passed %d" % (
        d[0], d[1], d[2], d[3], d[4], d[5], d[6] + d[4])


def main(argv):
    testdir, modname, skipfile = argv[1:4]
    rest = argv[4:]
    after = rest[rest.index("--after") + 1] if "--after" in rest else None
    resume = rest[rest.index("--resume") + 1] if "--resume" in rest else None
    only = set(rest[rest.index("--only") + 1].split(",")) if "--only" in rest else None
    show_failures = "--failures" in rest
    watch = StackWatch(float(rest[rest.index("--stacks-after") + 1]) if "--stacks-after" in rest else 0)
    out = sys.stdout
    try:
        load_test_package(testdir)
        sys.meta_path.append(RemovedModuleFinder(testdir.rstrip("/").rsplit("/", 1)[0]))
        from test import support
        # As regrtest does not: every resource is on except the real Internet, which the
        # private network namespace does not reach anyway ('network' is loopback servers here).
        support.use_resources = ["network", "cpu", "decimal", "subprocess"]
        module = importlib.import_module("test." + modname)
        classes = classes_of(module, read_skips(skipfile))
    except BaseException as e:  # noqa: a module that does not import is one row of the table
        import traceback
        traceback.print_exc()
        print("MODULE-ERROR %s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""), file=out, flush=True)
        return 3
    if resume is not None:
        # the tests up to and including `resume` ran (or hung) in an earlier process
        for i, (cid, tests) in enumerate(classes):
            ids = [t.id() for t in tests]
            if resume in ids:
                classes = [(cid, tests[ids.index(resume) + 1:])] + classes[i + 1:]
                break
        else:
            print("MODULE-ERROR the test to resume after is not in the module: %s" % resume, file=out, flush=True)
            return 3
    skipping = after is not None
    # One TestResult for the module, as unittest.main would use: module fixtures (setUpModule,
    # addModuleCleanup) then run once per process, not once per class. Each class's figures are
    # the growth of that result's own lists while the class ran.
    result = Result()
    result._testRunEntered = True  # the classes run as parts of one top-level run
    for cid, tests in classes:
        if skipping:
            skipping = cid != after
            continue
        if only is not None and cid.rsplit(".", 1)[-1] not in only and cid not in only:
            continue
        print("BEGIN %s %d" % (cid, len(tests)), file=out, flush=True)
        watch.begin(cid)
        before = result.figures()
        started = time.monotonic()
        try:
            unittest.TestSuite(tests).run(result)
            # the class's own tearDownClass runs now, within its time limit
            unittest.TestSuite()._tearDownPreviousClass(None, result)
            result._previousTestClass = None
        except BaseException as e:  # a KeyboardInterrupt or SystemExit escaping a test
            result.errors.append((tests[0], "%s: %s" % (type(e).__name__, e)))
        print("CLASS %s %s seconds %.1f" % (cid, figures_text(before, result.figures()), time.monotonic() - started),
              file=out, flush=True)
        if show_failures:
            for kind, pairs in (("FAIL", result.failures[before[1]:]), ("ERROR", result.errors[before[2]:])):
                for test, text in pairs:
                    print("%s %s | %s" % (kind, getattr(test, "id", lambda: str(test))(), first_line(text)),
                          file=out, flush=True)
            for test in result.unexpectedSuccesses[before[5]:]:
                print("XPASS %s" % test.id(), file=out, flush=True)
    # The module's teardown (tearDownModule, module cleanups) once, at the end; its errors are
    # not any class's, so they are only logged.
    print("TEARDOWN", file=out, flush=True)
    errors = len(result.errors)
    try:
        unittest.TestSuite()._handleModuleTearDown(result)
    except BaseException as e:
        print("# module teardown: %s: %s" % (type(e).__name__, e), file=out, flush=True)
    for test, text in result.errors[errors:]:
        print("# module teardown error: %s" % first_line(text), file=out, flush=True)
    print("DONE", file=out, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
