"""Runs one CPython test module, class by class, and prints unittest's own counts.

Used by `pysock conformance` (launcher io.pysock.cli.ConformanceCommand), which starts this
script on pysock, on GraalPy's own sockets, or under python3, and kills it when one class runs
past its time limit (it then starts it again after that class). Runs unchanged under CPython
3.11 and GraalPy 3.12.

    driver.py TESTDIR MODULE SKIPFILE [--after CLASS] [--only CLASS,...] [--failures]

TESTDIR is the folder of CPython's `test` package (Debian's libpython3.11-testsuite). Only `test`
is taken from it: it is loaded as a package from that folder, so the running Python's own
standard library is never shadowed.

Output, one line per event, flushed at once (the parent reads them as they come):
    BEGIN <class>
    CLASS <class> run N failures N errors N skipped N xfail N xpass N
    FAIL <test id> | ERROR <test id>      (with --failures, the first line of the reason after it)
    MODULE-ERROR <text>                    the module does not import
"""
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


def main(argv):
    testdir, modname, skipfile = argv[1:4]
    rest = argv[4:]
    after = rest[rest.index("--after") + 1] if "--after" in rest else None
    only = set(rest[rest.index("--only") + 1].split(",")) if "--only" in rest else None
    show_failures = "--failures" in rest
    out = sys.stdout
    try:
        load_test_package(testdir)
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
    skipping = after is not None
    for cid, tests in classes:
        if skipping:
            skipping = cid != after
            continue
        if only is not None and cid.rsplit(".", 1)[-1] not in only and cid not in only:
            continue
        print("BEGIN %s %d" % (cid, len(tests)), file=out, flush=True)
        result = unittest.TestResult()
        started = time.monotonic()
        try:
            unittest.TestSuite(tests).run(result)
        except BaseException as e:  # a KeyboardInterrupt or SystemExit escaping a test
            result.errors.append((tests[0], "%s: %s" % (type(e).__name__, e)))
        print("CLASS %s run %d failures %d errors %d skipped %d xfail %d xpass %d seconds %.1f" % (
            cid, result.testsRun, len(result.failures), len(result.errors), len(result.skipped),
            len(result.expectedFailures), len(result.unexpectedSuccesses),
            time.monotonic() - started), file=out, flush=True)
        if show_failures:
            for kind, pairs in (("FAIL", result.failures), ("ERROR", result.errors)):
                for test, text in pairs:
                    print("%s %s | %s" % (kind, getattr(test, "id", lambda: str(test))(), first_line(text)),
                          file=out, flush=True)
            for test in result.unexpectedSuccesses:
                print("XPASS %s" % test.id(), file=out, flush=True)
    print("DONE", file=out, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
