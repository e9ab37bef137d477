# Shared by the hostile scripts: one line per attempt, "NAME -> OUTCOME", where the outcome is
# "allowed ..." or the exception's type and message: the tests compare these lines exactly.
def attempt(name, f):
    try:
        r = f()
        print("%s -> allowed %s" % (name, r))
    except Exception as e:
        print("%s -> %s: %s" % (name, type(e).__name__, e))
