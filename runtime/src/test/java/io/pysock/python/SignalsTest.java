package io.pysock.python;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Signals reach scripts blocked in Java socket waits: a script's own handler runs while recv()
 * waits, and asyncio's add_signal_handler (whose wake-up fd is a pysock socket) works. The test
 * sends real signals to this JVM with kill(1).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SignalsTest {
    private static final String SCRIPT = String.join("\n",
            "import asyncio, signal, socket, sys",
            "class Woken(Exception): pass",
            "def handler(signum, frame): raise Woken(signum)",
            "signal.signal(signal.SIGUSR1, handler)",
            "assert signal.getsignal(signal.SIGUSR1) is handler",
            "a, b = socket.socketpair()",
            "print('waiting in recv', flush=True)",
            "try:",
            "    a.recv(10)",          // nothing ever arrives: only the signal can end this
            "except Woken as e:",
            "    print('recv interrupted by signal', e.args[0], flush=True)",
            "async def main():",
            "    loop = asyncio.get_running_loop()",
            "    fut = loop.create_future()",
            "    loop.add_signal_handler(signal.SIGUSR1, fut.set_result, 'via asyncio')",
            "    print('waiting in the event loop', flush=True)",
            "    print(await asyncio.wait_for(fut, 120), flush=True)",
            "asyncio.run(main())",
            "");

    /**
     * os.kill to the script's own process: GraalPy's Java POSIX layer sends only KILL and TERM
     * (any other signal was io.UnsupportedOperation, test_events' test_add_signal_handler) and
     * answers signal 0 with ESRCH. The expected output is CPython's for the same script.
     */
    @Test
    void killToItsOwnProcessDeliversAnySignal() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "import os, signal, time",
                "got = []",
                "for sig in (signal.SIGINT, signal.SIGUSR1, signal.SIGALRM, signal.SIGHUP):",
                "    signal.signal(sig, lambda n, f: got.append(n))",
                "    os.kill(os.getpid(), sig)",
                "    for _ in range(100):",
                "        if got and got[-1] == sig:",
                "            break",
                "        time.sleep(0.01)",
                "print([signal.Signals(n).name for n in got])",
                "os.kill(os.getpid(), 0)",
                "print('signal 0: the process exists')")));
        assertEquals("['SIGINT', 'SIGUSR1', 'SIGALRM', 'SIGHUP']\nsignal 0: the process exists\n", r.out(), r.err());
    }

    /** Bad signals to its own process: CPython's errors, where GraalPy's raise ended the run with a Java exception. */
    @Test
    void badSignalsToItsOwnProcessGiveCpythonsErrors() {
        Scripts.Result r = Scripts.run(RunOptions.code(String.join("\n",
                "import os, signal",
                "for call, arg in ((os.kill, 99999), (os.kill, -1), (os.kill, 3.5), (os.kill, 'x'),",
                "                  (signal.raise_signal, 99999), (signal.raise_signal, 2.0)):",
                "    try:",
                "        call(os.getpid(), arg) if call is os.kill else call(arg)",
                "        print('no error')",
                "    except (OSError, TypeError) as e:",
                "        print(type(e).__name__, e)",
                "signal.raise_signal(0)",
                "print('raise_signal(0): nothing')")));
        // the lines python3 prints for the same script
        assertEquals(String.join("\n",
                "OSError [Errno 22] Invalid argument",
                "OSError [Errno 22] Invalid argument",
                "TypeError 'float' object cannot be interpreted as an integer",
                "TypeError 'str' object cannot be interpreted as an integer",
                "OSError [Errno 22] Invalid argument",
                "TypeError 'float' object cannot be interpreted as an integer",
                "raise_signal(0): nothing", ""), r.out(), r.err());
    }

    @Test
    void handlersRunWhileSocketCallsWait() throws Exception {
        Scripts.Captured c = new Scripts.Captured();
        RunningScript run = Scripts.engine().start(c.apply(RunOptions.code(SCRIPT)));
        try {
            awaitOutput(run, c, "waiting in recv\n");
            Thread.sleep(300); // into the wait (if the signal came earlier the handler would still run)
            kill("USR1");
            awaitOutput(run, c, "recv interrupted by signal 10\n");
            awaitOutput(run, c, "waiting in the event loop\n");
            Thread.sleep(300);
            kill("USR1");
            assertEquals(0, run.waitFor(Duration.ofMinutes(2)), c.err());
            assertTrue(c.out().endsWith("via asyncio\n"), c.out() + c.err());
        } finally {
            run.stop(Duration.ofSeconds(20));
        }
    }

    private static void kill(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + signal);
    }

    private static void awaitOutput(RunningScript run, Scripts.Captured c, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!c.out().contains(text)) {
            if (run.isDone()) {
                fail("script ended (status " + run.waitFor(Duration.ZERO) + ") before printing " + text + ":\n" + c.out() + c.err());
            }
            assertTrue(System.nanoTime() < end, "no \"" + text.strip() + "\" within 2 minutes:\n" + c.out() + c.err());
            Thread.sleep(20);
        }
    }
}
