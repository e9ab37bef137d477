/**
 * The socket layer: BSD sockets with CPython's semantics on java.nio channels, shared by Python
 * scripts (through {@code pylib/pysock/_bridge.py}) and Java callers.
 *
 * <p>Public: {@link io.pysock.net.PySocket} (one socket), {@link io.pysock.net.SocketModule} (one
 * run's sockets, name resolution, the module functions), {@link io.pysock.net.Poller}
 * (select/poll/epoll), {@link io.pysock.net.SocketError} and {@link io.pysock.net.Errno} (errors as
 * Linux numbers them), {@link io.pysock.net.NetworkPolicy}, {@link io.pysock.net.PortMap},
 * {@link io.pysock.net.Resolver}.
 *
 * <p>Inside, a call goes {@code PySocket} (the descriptor) → {@code SocketCore} (state shared by
 * dup()s) → its {@code Transport} for the socket's kind ({@code StreamTransport},
 * {@code ListenerTransport}, {@code DatagramTransport}) → the channel; when the channel is not
 * ready, the call's {@code Waiter} alone decides EAGAIN, wait, timeout, EINTR or EBADF.
 * docs/architecture.md draws it.
 */
package io.pysock.net;
