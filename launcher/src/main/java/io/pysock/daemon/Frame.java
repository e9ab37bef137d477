package io.pysock.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client/daemon wire format: a frame is one type byte, a 4-byte big-endian length and that
 * many bytes. The client's first frame is a {@link #REQUEST}; after it, both sides stream.
 *
 * <p>Stdin only flows when the daemon asks ({@link #STDIN_WANTED}), so a run that never reads
 * its input never takes it from the terminal (Nailgun's known fault is sending it eagerly).
 * This class is loaded by the client too, which must start fast: JDK classes only.
 */
record Frame(byte type, byte[] body) {
    /** The version of this format; a daemon answers a client of another version with an error. */
    static final int VERSION = 1;

    // client -> daemon
    static final byte REQUEST = 'Q';      // Request: argv, cwd, environment, terminal flags
    static final byte STDIN = 'I';        // bytes of stdin (empty: end of input)
    static final byte SIGNAL = 'S';       // a signal the client received (int)
    static final byte STDOUT_CLOSED = 'P'; // writing to the client's stdout failed (broken pipe)

    // daemon -> client
    static final byte STDOUT = 'O';
    static final byte STDERR = 'E';
    static final byte STDIN_WANTED = 'R'; // the run reads stdin: send up to this many bytes (int)
    static final byte EXIT = 'X';         // the run's exit status (int); the last frame

    private static final int MAX_BODY = 16 << 20;

    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException();
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_BODY) {
            throw new IOException("pysock daemon: bad frame length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new Frame((byte) type, b);
    }

    static void write(DataOutputStream out, byte type, byte[] b, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(len);
            out.write(b, off, len);
            out.flush();
        }
    }

    static void writeInt(DataOutputStream out, byte type, int value) throws IOException {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        write(out, type, b, 0, 4);
    }

    int asInt() {
        return ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
    }

    /** What the client asks for: run these pysock arguments as if started in {@code cwd}. */
    record Request(int version, List<String> args, String cwd, Map<String, String> env,
            boolean stdinTty, boolean stdoutTty) {

        byte[] encode() {
            var bytes = new java.io.ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(bytes)) {
                d.writeInt(version);
                d.writeBoolean(stdinTty);
                d.writeBoolean(stdoutTty);
                writeString(d, cwd);
                d.writeInt(args.size());
                for (String a : args) {
                    writeString(d, a);
                }
                d.writeInt(env.size());
                for (var e : env.entrySet()) {
                    writeString(d, e.getKey());
                    writeString(d, e.getValue());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e); // a byte array does not fail
            }
            return bytes.toByteArray();
        }

        static Request decode(byte[] body) throws IOException {
            DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(body));
            int version = d.readInt();
            if (version != VERSION) {
                return new Request(version, List.of(), "/", Map.of(), false, false);
            }
            boolean inTty = d.readBoolean();
            boolean outTty = d.readBoolean();
            String cwd = readString(d);
            int n = d.readInt();
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(readString(d));
            }
            int m = d.readInt();
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                env.put(readString(d), readString(d));
            }
            return new Request(version, args, cwd, env, inTty, outTty);
        }

        private static void writeString(DataOutputStream d, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            d.writeInt(b.length);
            d.write(b);
        }

        private static String readString(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("pysock daemon: bad string length " + n);
            }
            byte[] b = new byte[n];
            d.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
