package io.pysock.net;

import org.graalvm.polyglot.HostAccess;

/**
 * The descriptor-level calls of one script run on the numbers of its own table (sockets and pipe
 * ends), answered as Linux answers them: {@code fcntl} ({@code F_GETFD}/{@code F_SETFD} with
 * {@code FD_CLOEXEC}, {@code F_GETFL}/{@code F_SETFL}), {@code os.dup}, {@code os.dup2},
 * {@code os.close}, {@code os.read}/{@code os.write} of a socket, and the inheritable flag. GraalPy
 * cannot answer them: these numbers are pysock's, not the kernel's. {@code pylib/pysock/_os.py}
 * sends the run's numbers here and every other number to GraalPy's own functions.
 *
 * <p>As on Linux, {@code FD_CLOEXEC} belongs to the number ({@link FdTable}), and the status flags
 * ({@code O_NONBLOCK}, {@code O_APPEND}) to what the numbers share: the socket's
 * {@link SocketCore} (see {@link Waiter} for what {@code O_NONBLOCK} does there), the pipe end.
 */
public final class Descriptors {
    public static final int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_APPEND = 02000, O_NONBLOCK = 04000;
    /** The status flags F_SETFL keeps on a socket (Linux also takes O_ASYNC, O_DIRECT, O_NOATIME, which mean nothing here). */
    static final int SETTABLE_STATUS = O_APPEND | O_NONBLOCK;

    private final SocketModule run;

    Descriptors(SocketModule run) {
        this.run = run;
    }

    /** The fcntl module's constants for the commands above, by name (Linux's values). */
    @HostAccess.Export
    public java.util.Map<String, Integer> fcntlConstants() {
        return java.util.Map.of("F_GETFD", F_GETFD, "F_SETFD", F_SETFD, "F_GETFL", F_GETFL, "F_SETFL", F_SETFL,
                "FD_CLOEXEC", FD_CLOEXEC);
    }

    /** Whether {@code fd} is an open socket or pipe end of this run (else the caller asks GraalPy). */
    @HostAccess.Export
    public boolean isOpen(int fd) {
        return run.lookup(fd) != null || openPipe(fd) != null;
    }

    /** fcntl(fd, cmd, arg) for the commands above; EBADF for a number that is not open, EINVAL for another command. */
    @HostAccess.Export
    public int fcntl(int fd, int cmd, int arg) throws SocketError {
        PySocket s = run.lookup(fd);
        PipeEnd p = s == null ? openPipe(fd) : null;
        if (s == null && p == null) {
            throw new SocketError(Errno.EBADF);
        }
        switch (cmd) {
            case F_GETFD:
                return inheritable(fd, s) ? 0 : FD_CLOEXEC;
            case F_SETFD:
                setInheritable(fd, s, (arg & FD_CLOEXEC) == 0);
                return 0;
            case F_GETFL:
                if (s != null) {
                    return O_RDWR | s.core().statusFlags();
                }
                return (p.isReadable() ? O_RDONLY : O_WRONLY) | (p.isBlocking() ? 0 : O_NONBLOCK);
            case F_SETFL:
                if (s != null) {
                    s.core().setStatusFlags(arg);
                } else {
                    p.setBlocking((arg & O_NONBLOCK) == 0);
                }
                return 0;
            default:
                throw new SocketError(Errno.EINVAL);
        }
    }

    @HostAccess.Export
    public boolean getInheritable(int fd) throws SocketError {
        PySocket s = run.lookup(fd);
        if (s == null && openPipe(fd) == null) {
            throw new SocketError(Errno.EBADF);
        }
        return inheritable(fd, s);
    }

    @HostAccess.Export
    public void setInheritable(int fd, boolean on) throws SocketError {
        PySocket s = run.lookup(fd);
        if (s == null && openPipe(fd) == null) {
            throw new SocketError(Errno.EBADF);
        }
        setInheritable(fd, s, on);
    }

    /**
     * os.read of a socket number: recv as the descriptor's O_NONBLOCK says (EAGAIN at once when it
     * is set, which it is for a socket with a timeout, as the kernel's read would).
     */
    @HostAccess.Export
    public int read(int fd, byte[] dst, int n) throws SocketError {
        PySocket s = socket(fd);
        return s.recvInto(dst, 0, n, dontWait(s));
    }

    /** os.write of a socket number: send, as {@link #read} receives. */
    @HostAccess.Export
    public int write(int fd, byte[] src, int n) throws SocketError {
        PySocket s = socket(fd);
        return s.send(src, 0, n, dontWait(s));
    }

    private PySocket socket(int fd) throws SocketError {
        PySocket s = run.lookup(fd);
        if (s == null) {
            throw new SocketError(Errno.EBADF);
        }
        return s;
    }

    private static int dontWait(PySocket s) {
        return s.core().isNonBlockingFile() ? SocketConstants.MSG_DONTWAIT : 0;
    }

    /** os.dup: the lowest free number, on the same socket or pipe end, not inheritable. */
    @HostAccess.Export
    public int dup(int fd) throws SocketError {
        return run.lookup(fd) != null ? run.dupFd(fd) : run.dupPipe(fd);
    }

    /** os.close of a socket or pipe end number; EBADF if it names none. */
    @HostAccess.Export
    public void close(int fd) throws SocketError {
        PySocket s = run.lookup(fd);
        if (s != null) {
            s.close();
        } else {
            run.closePipe(fd);
        }
    }

    /**
     * os.dup2: closes whatever {@code fd2} names in this run, then makes {@code fd2} name what
     * {@code fd} names (both numbers work until each is closed). {@code fd2} must be a number of
     * the run's table (from {@link FdTable#SCRIPT_BASE} up to the numbers Java callers use): below
     * are GraalPy's own descriptors, which pysock cannot place a socket on.
     */
    @HostAccess.Export
    public int dup2(int fd, int fd2, boolean inheritable) throws SocketError {
        PySocket s = run.lookup(fd);
        PipeEnd p = s == null ? openPipe(fd) : null;
        if (s == null && p == null) {
            throw new SocketError(Errno.EBADF);
        }
        if (fd2 == fd) {
            return fd2; // Linux: nothing changes, not even FD_CLOEXEC
        }
        if (fd2 < FdTable.SCRIPT_BASE || fd2 >= FdTable.JAVA_BASE) {
            throw new SocketError(Errno.EBADF);
        }
        closeQuietly(fd2);
        if (s != null) {
            s.dupAt(run, fd2);
        } else if (run.fds().allocateAt(fd2, p)) {
            p.addNumber();
        } else {
            throw new SocketError(Errno.EBUSY); // another thread took fd2 since it was closed, as Linux's dup2 may say
        }
        run.fds().setInheritable(fd2, inheritable);
        return fd2;
    }

    private void closeQuietly(int fd) throws SocketError {
        PySocket s = run.lookup(fd);
        if (s != null) {
            s.close();
        } else if (run.pipeEnd(fd) != null) {
            run.closePipe(fd);
        } else {
            Poller poller = run.pollerNumbered(fd);
            if (poller != null) {
                poller.close();
            }
        }
    }

    private PipeEnd openPipe(int fd) {
        PipeEnd p = run.pipeEnd(fd);
        return p == null || p.isClosed() ? null : p;
    }

    private boolean inheritable(int fd, PySocket s) {
        return s != null ? s.isInheritable() : run.fds().isInheritable(fd);
    }

    private void setInheritable(int fd, PySocket s, boolean on) throws SocketError {
        if (s != null) {
            s.setInheritable(on);
        } else {
            run.fds().setInheritable(fd, on);
        }
    }
}
