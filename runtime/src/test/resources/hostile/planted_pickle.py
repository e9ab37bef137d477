# A pickled lib2to3 tool planted in the cache would run its code when a later Python 2 run loads it.
import os, pickle, tempfile
from pysock.py2 import translate
from _report import attempt


class Payload:
    def __reduce__(self):
        return (exec, ("print('planted code ran')",))


path = os.path.join(tempfile.mkdtemp(), "lib2to3-tool.pickle")
with open(path, "wb") as f:
    pickle.dump(Payload(), f)
attempt("load planted tool", lambda: translate._load_tool(path, object))
os.unlink(path)
os.rmdir(os.path.dirname(path))
