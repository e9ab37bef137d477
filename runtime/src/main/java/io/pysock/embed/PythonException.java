package io.pysock.embed;

/**
 * A Python exception that ended a script or a call, as a Java exception: the Python type name
 * ({@code "ConnectionRefusedError"}, {@code "socket.gaierror"}, ...), its message, and the
 * traceback text exactly as Python prints it. {@link #getMessage()} holds all three, so a Java
 * log shows the Python side at once.
 *
 * <pre>{@code
 * try {
 *     runner.run(Script.file(Path.of("client.py")));
 * } catch (PythonException e) {
 *     if (e.pythonType().equals("ConnectionRefusedError")) { ... }
 *     System.err.print(e.pythonTraceback());
 * }
 * }</pre>
 */
public class PythonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;
    private final transient RunResult result;

    PythonException(String pythonType, String pythonMessage, String pythonTraceback, RunResult result, Throwable cause) {
        super(pythonType + (pythonMessage.isEmpty() ? "" : ": " + pythonMessage)
                + (pythonTraceback.isEmpty() ? "" : "\n" + pythonTraceback.stripTrailing()), cause);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback;
        this.result = result;
    }

    /**
     * pysock._bootstrap.describe's (type name, message, traceback text): the one form in which a
     * Python failure reaches Java, whether a run ended with it or a loaded script's call raised it.
     */
    static String[] description(org.graalvm.polyglot.Value d) {
        return new String[] {d.getArrayElement(0).asString(), d.getArrayElement(1).asString(),
                d.getArrayElement(2).asString()};
    }

    /** The exception's class: the bare name for built-ins ({@code "ValueError"}), else {@code module.Name}. */
    public String pythonType() {
        return pythonType;
    }

    /** {@code str(exception)}. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** The traceback as Python prints it ("Traceback (most recent call last): ..."), ending in a newline. */
    public String pythonTraceback() {
        return pythonTraceback;
    }

    /**
     * For a script run: its exit status (1, or 130 for KeyboardInterrupt) and captured output;
     * null for an exception from {@link LoadedScript#call}.
     */
    public RunResult result() {
        return result;
    }
}
