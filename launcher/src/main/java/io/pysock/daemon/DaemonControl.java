package io.pysock.daemon;

import java.util.List;

/** {@code pysock daemon status|stop} when no daemon answers (the client's side). */
final class DaemonControl {
    private DaemonControl() {
    }

    static int notRunning(List<String> args) {
        String what = args.size() > 1 ? args.get(1) : "status";
        switch (what) {
            case "status" -> {
                System.out.println("pysock daemon: not running");
                return 3;
            }
            case "stop" -> {
                System.out.println("pysock daemon: not running");
                return 0;
            }
            default -> {
                System.err.println("pysock daemon: unknown command '" + what + "' (status or stop)");
                return 2;
            }
        }
    }
}
