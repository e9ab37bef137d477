package io.pysock.net;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values and their glibc messages: the numbers CPython scripts compare against
 * ({@code e.errno == errno.ECONNREFUSED}) and the text they print.
 *
 * <pre>{@code
 * String text = Errno.strerror(Errno.ECONNREFUSED); // "Connection refused"
 * }</pre>
 */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, ENOMEM = 12,
            EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, EINVAL = 22, EMFILE = 24, EPIPE = 32, ENOTSOCK = 88,
            EDESTADDRREQ = 89, EMSGSIZE = 90, EPROTOTYPE = 91, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93,
            ESOCKTNOSUPPORT = 94, EOPNOTSUPP = 95, EAFNOSUPPORT = 97, EADDRINUSE = 98,
            EADDRNOTAVAIL = 99, ENETDOWN = 100, ENETUNREACH = 101, ECONNABORTED = 103,
            ECONNRESET = 104, ENOBUFS = 105, EISCONN = 106, ENOTCONN = 107, ESHUTDOWN = 108,
            ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTDOWN = 112, EHOSTUNREACH = 113, EALREADY = 114,
            EINPROGRESS = 115;

    /** getaddrinfo() error codes (glibc), carried by {@link SocketError.AddressLookup}. */
    public static final int EAI_BADFLAGS = -1, EAI_NONAME = -2, EAI_AGAIN = -3, EAI_FAIL = -4,
            EAI_NODATA = -5, EAI_FAMILY = -6, EAI_SOCKTYPE = -7, EAI_SERVICE = -8, EAI_ADDRFAMILY = -9,
            EAI_MEMORY = -10, EAI_SYSTEM = -11, EAI_OVERFLOW = -12;

    private static final Map<Integer, String> MESSAGES = new HashMap<>();
    private static final Map<String, Integer> BY_MESSAGE = new HashMap<>();

    private static void def(int errno, String text) {
        MESSAGES.put(errno, text);
        BY_MESSAGE.put(text.toLowerCase(), errno);
    }

    static {
        def(EPERM, "Operation not permitted");
        def(ENOENT, "No such file or directory");
        def(EINTR, "Interrupted system call");
        def(EIO, "Input/output error");
        def(EBADF, "Bad file descriptor");
        def(EAGAIN, "Resource temporarily unavailable");
        def(ENOMEM, "Cannot allocate memory");
        def(EACCES, "Permission denied");
        def(EBUSY, "Device or resource busy");
        def(EEXIST, "File exists");
        def(EFAULT, "Bad address");
        def(EINVAL, "Invalid argument");
        def(EMFILE, "Too many open files");
        def(EPIPE, "Broken pipe");
        def(ENOTSOCK, "Socket operation on non-socket");
        def(EDESTADDRREQ, "Destination address required");
        def(EMSGSIZE, "Message too long");
        def(EPROTOTYPE, "Protocol wrong type for socket");
        def(ENOPROTOOPT, "Protocol not available");
        def(EPROTONOSUPPORT, "Protocol not supported");
        def(ESOCKTNOSUPPORT, "Socket type not supported");
        def(EOPNOTSUPP, "Operation not supported");
        def(EAFNOSUPPORT, "Address family not supported by protocol");
        def(EADDRINUSE, "Address already in use");
        def(EADDRNOTAVAIL, "Cannot assign requested address");
        def(ENETDOWN, "Network is down");
        def(ENETUNREACH, "Network is unreachable");
        def(ECONNABORTED, "Software caused connection abort");
        def(ECONNRESET, "Connection reset by peer");
        def(ENOBUFS, "No buffer space available");
        def(EISCONN, "Transport endpoint is already connected");
        def(ENOTCONN, "Transport endpoint is not connected");
        def(ESHUTDOWN, "Cannot send after transport endpoint shutdown");
        def(ETIMEDOUT, "Connection timed out");
        def(ECONNREFUSED, "Connection refused");
        def(EHOSTDOWN, "Host is down");
        def(EHOSTUNREACH, "No route to host");
        def(EALREADY, "Operation already in progress");
        def(EINPROGRESS, "Operation now in progress");
        def(EAI_BADFLAGS, "Bad value for ai_flags");
        def(EAI_NONAME, "Name or service not known");
        def(EAI_AGAIN, "Temporary failure in name resolution");
        def(EAI_FAIL, "Non-recoverable failure in name resolution");
        def(EAI_NODATA, "No address associated with hostname");
        def(EAI_FAMILY, "ai_family not supported");
        def(EAI_SOCKTYPE, "ai_socktype not supported");
        def(EAI_SERVICE, "Servname not supported for ai_socktype");
        def(EAI_ADDRFAMILY, "Address family for hostname not supported");
        def(EAI_MEMORY, "Memory allocation failure");
        def(EAI_SYSTEM, "System error");
        def(EAI_OVERFLOW, "Argument buffer overflow");
        // Java's own wording for a few conditions the kernel reports with the errno above.
        BY_MESSAGE.put("connection reset", ECONNRESET);
        BY_MESSAGE.put("socket closed", EBADF);
        BY_MESSAGE.put("socket is closed", EBADF);
    }

    private Errno() {
    }

    /** The glibc message for an errno (or a getaddrinfo code), as {@code os.strerror} gives it. */
    public static String strerror(int errno) {
        String m = MESSAGES.get(errno);
        return m != null ? m : "Unknown error " + errno;
    }

    /**
     * The errno whose message a JDK exception carries: the JDK's native code builds most socket
     * exception messages from strerror(), sometimes with a prefix such as "connect failed: ".
     * Returns 0 when the message names no known errno.
     */
    static int fromMessage(String message) {
        if (message == null) {
            return 0;
        }
        String m = message.toLowerCase();
        Integer exact = BY_MESSAGE.get(m);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Integer> e : BY_MESSAGE.entrySet()) {
            if (e.getValue() > 0 && m.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return m.contains("connection reset") ? ECONNRESET : 0;
    }
}
