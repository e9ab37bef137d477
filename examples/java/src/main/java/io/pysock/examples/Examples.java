package io.pysock.examples;

/** Argument helpers shared by the examples' main methods. */
final class Examples {
    private Examples() {
    }

    /** args[i] as an int, or {@code dflt} when it is missing or blank. */
    static int intArg(String[] args, int i, int dflt) {
        return args.length > i && !args[i].isBlank() ? Integer.parseInt(args[i].trim()) : dflt;
    }
}
