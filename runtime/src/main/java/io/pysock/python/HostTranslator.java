package io.pysock.python;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The Python 2 translator kept warm for a JVM that serves many runs: one context, with lib2to3's
 * refactoring tool loaded once, that translates for every run's context. Loading the tool takes
 * seconds on GraalPy (building it, the first time on a machine, tens of seconds), so a run that
 * meets a new Python 2 script would otherwise pay that each time.
 *
 * <p>No user code runs in this context: it only turns source text into source text. Calls are
 * made on its own thread, one at a time, so no run's thread ever enters two contexts.
 */
public final class HostTranslator implements AutoCloseable {
    private static final Source SETUP = Source.create("python", """
            from pysock.py2 import translate as t
            def host_translate(source, filename):
                try:
                    return ['ok', t._translate_uncached(source, filename)]
                except SyntaxError as e:
                    return ['SyntaxError', str(e.msg), e.lineno or 0, e.offset or 0, e.text or '']
                except ImportError as e:
                    return ['ImportError', str(e), 0, 0, '']
            def warm(cache_dir):
                t._tool_cache_dir = cache_dir
                with t._tool_lock:
                    if t._tool is None:
                        t._tool = t._make_tool()
            host_translate
            """);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pysock-translator");
        t.setDaemon(true);
        return t;
    });
    private final PythonEngine engine;
    private Future<Value> ready;
    private Context ctx;

    public HostTranslator(PythonEngine engine) {
        this.engine = engine;
    }

    /** Starts loading (or, the first time on a machine, building) the tool on its own thread. */
    public synchronized Future<Value> start() {
        if (ready != null) {
            return ready;
        }
        ready = thread.submit(() -> {
            ctx = engine.newContext(RunOptions.code(""), new io.pysock.net.SelectableInput(java.io.InputStream.nullInputStream()),
                    RunHook.NONE);
            Value translate = RunSignals.bootingWithoutSignals(() -> ctx.eval(SETUP));
            ctx.getBindings("python").getMember("warm").execute(Pylib.cacheDir().resolve("py2").toString());
            return translate;
        });
        return ready;
    }

    /**
     * Translates Python 2 source: {@code ["ok", text]}, or {@code [kind, message, line, offset,
     * text]} for a SyntaxError or ImportError the calling run raises as its own.
     */
    @HostAccess.Export
    public Object[] translate(String source, String filename) {
        try {
            return thread.submit(() -> {
                Value r = start().get().execute(source, filename);
                Object[] out = new Object[(int) r.getArraySize()];
                for (int i = 0; i < out.length; i++) {
                    Value v = r.getArrayElement(i);
                    out[i] = v.isNumber() ? (Object) v.asInt() : v.asString();
                }
                return out;
            }).get();
        } catch (ExecutionException e) {
            return new Object[] {"ImportError", "pysock: the resident translator failed: " + e.getCause(), 0, 0, ""};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Object[] {"ImportError", "pysock: interrupted while translating", 0, 0, ""};
        }
    }

    @Override
    public void close() {
        thread.submit(() -> {
            if (ctx != null) {
                PythonEngine.closeCancelling(ctx);
            }
        });
        thread.shutdown();
    }
}
