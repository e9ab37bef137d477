package io.pysock.daemon;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A run's stdout or stderr: every write is one frame to the client, in the order written. */
final class FrameOutputStream extends OutputStream {
    private final DataOutputStream wire;
    private final byte type;
    private volatile boolean broken;

    FrameOutputStream(DataOutputStream wire, byte type) {
        this.wire = wire;
        this.type = type;
    }

    /** The client could not write our output (its reader went away): the script gets EPIPE. */
    void markBroken() {
        broken = true;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (broken) {
            throw new IOException("Broken pipe");
        }
        if (len > 0) {
            Frame.write(wire, type, b, off, len);
        }
    }
}
