# A child process is outside pysock: its sockets would bypass every policy.
import os, subprocess
from _report import attempt

attempt("os.system", lambda: os.system("true"))
attempt("subprocess.run", lambda: subprocess.run(["true"]).returncode)
attempt("os.popen", lambda: os.popen("true").read())
attempt("os.execv", lambda: os.execv("/bin/true", ["true"]))
attempt("os.fork", lambda: os.fork())

def mp():
    import multiprocessing
    p = multiprocessing.Process(target=print)
    p.start()
    p.join()
    return p.exitcode

attempt("multiprocessing", mp)
