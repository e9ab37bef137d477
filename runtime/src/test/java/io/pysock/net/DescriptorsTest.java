package io.pysock.net;

import static io.pysock.net.Descriptors.*;
import static io.pysock.net.SocketConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fcntl, dup2, close and the inheritable flag on a run's socket and pipe numbers, as Linux answers them. */
@Timeout(30)
class DescriptorsTest {
    private final SocketModule mod = new SocketModule();
    private final Descriptors fds = mod.descriptors();

    @AfterEach
    void closeAll() {
        mod.closeAll();
    }

    @Test
    void statusFlagsFollowTheTimeoutAndAreSharedByADup() throws Exception {
        PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0);
        assertEquals(O_RDWR, fds.fcntl(s.fileno(), F_GETFL, 0));
        s.settimeout(2.0);
        assertEquals(O_RDWR | O_NONBLOCK, fds.fcntl(s.fileno(), F_GETFL, 0));
        int d = fds.dup(s.fileno());
        s.settimeout(null);
        assertEquals(O_RDWR, fds.fcntl(d, F_GETFL, 0), "one open file description, one O_NONBLOCK");
        fds.fcntl(d, F_SETFL, O_NONBLOCK);
        assertEquals(O_RDWR | O_NONBLOCK, fds.fcntl(s.fileno(), F_GETFL, 0));
        assertNull(s.gettimeout(), "the socket object's timeout is its own");
    }

    @Test
    void nonBlockingFlagSetBehindABlockingSocketMakesReadsEagain() throws Exception {
        PySocket[] pair = mod.socketpair(AF_UNIX, SOCK_STREAM, 0);
        PySocket a = pair[0];
        assertNull(a.gettimeout());
        fds.fcntl(a.fileno(), F_SETFL, fds.fcntl(a.fileno(), F_GETFL, 0) | O_NONBLOCK);
        assertThrows(SocketError.WouldBlock.class, () -> a.recv(1, 0));
        pair[1].send(new byte[] {7}, 0, 1, 0);
        fds.fcntl(a.fileno(), F_SETFL, 0);
        assertArrayEquals(new byte[] {7}, a.recv(1, 0)); // blocking again: waits for the byte
    }

    @Test
    void fdCloexecBelongsToTheNumber() throws Exception {
        PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0);
        int fd = s.fileno();
        assertEquals(FD_CLOEXEC, fds.fcntl(fd, F_GETFD, 0));
        fds.fcntl(fd, F_SETFD, 0);
        assertTrue(s.isInheritable());
        int d = fds.dup(fd);
        assertFalse(fds.getInheritable(d), "a dup is not inheritable");
        fds.setInheritable(fd, false);
        assertEquals(FD_CLOEXEC, fds.fcntl(fd, F_GETFD, 0));
    }

    @Test
    void unknownNumbersAreEbadfAndUnknownCommandsEinval() throws Exception {
        PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0);
        int fd = s.fileno();
        assertEquals(Errno.EINVAL, assertThrows(SocketError.class, () -> fds.fcntl(fd, 12345, 0)).errno());
        s.close();
        assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> fds.fcntl(fd, F_GETFL, 0)).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> fds.getInheritable(fd)).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> fds.close(fd)).errno());
        assertFalse(fds.isOpen(fd));
    }

    @Test
    void dup2ClosesTheTargetAndNamesTheSameSocket() throws Exception {
        PySocket[] old = mod.socketpair(AF_UNIX, SOCK_STREAM, 0);
        PySocket[] fresh = mod.socketpair(AF_UNIX, SOCK_STREAM, 0);
        int target = old[0].fileno();
        assertEquals(target, fds.dup2(fresh[0].fileno(), target, true));
        assertTrue(old[0].isClosed());
        old[1].settimeout(5.0);
        assertArrayEquals(new byte[0], old[1].recv(1, 0), "the old connection lost its last descriptor");
        assertTrue(fds.getInheritable(target));
        PySocket viaTarget = mod.fromFd(target);
        fresh[1].send(new byte[] {1}, 0, 1, 0);
        assertArrayEquals(new byte[] {1}, viaTarget.recv(1, 0));
        fds.close(target);
        fresh[1].send(new byte[] {2}, 0, 1, 0);
        assertArrayEquals(new byte[] {2}, fresh[0].recv(1, 0), "the source number still works");
    }

    @Test
    void dup2OfAPipeEndAndItsLimits() throws Exception {
        int[] pipe = mod.pipe();
        PySocket s = mod.socket(AF_INET, SOCK_STREAM, 0);
        int target = s.fileno();
        assertEquals(target, fds.dup2(pipe[1], target, false));
        assertFalse(fds.getInheritable(target));
        assertEquals(O_WRONLY, fds.fcntl(target, F_GETFL, 0));
        mod.pipeEnd(target).write(new byte[] {9}, 1);
        byte[] buf = new byte[1];
        assertEquals(1, mod.pipeEnd(pipe[0]).read(buf, 1));
        assertEquals(pipe[0], fds.dup2(pipe[0], pipe[0], true));
        assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> fds.dup2(pipe[0], 5, true)).errno(),
                "below the run's numbers are GraalPy's own descriptors");
        assertEquals(Errno.EBADF, assertThrows(SocketError.class, () -> fds.dup2(pipe[0], -1, true)).errno());
    }
}
