"""asynchat for Python 2 scripts (removed from Python 3.12; see pysock.py2.asyncore).

Written for pysock from the module's documented interface; data is Python 2 str.
"""

import collections
import socket

from pysock.py2 import asyncore


def find_prefix_at_end(haystack, needle):
    """Length of the longest proper prefix of *needle* that *haystack* ends with."""
    n = len(needle) - 1
    while n and not haystack.endswith(needle[:n]):
        n -= 1
    return n


class simple_producer:
    def __init__(self, data, buffer_size=512):
        self.data = data
        self.buffer_size = buffer_size

    def more(self):
        head, self.data = self.data[:self.buffer_size], self.data[self.buffer_size:]
        return head


class fifo:
    def __init__(self, list=None):
        self.list = collections.deque(list or ())

    def __len__(self):
        return len(self.list)

    def is_empty(self):
        return not self.list

    def first(self):
        return self.list[0]

    def push(self, data):
        self.list.append(data)

    def pop(self):
        if self.list:
            return (1, self.list.popleft())
        return (0, None)


class async_chat(asyncore.dispatcher):
    ac_in_buffer_size = 65536
    ac_out_buffer_size = 65536

    def __init__(self, sock=None, map=None):
        self.ac_in_buffer = ''
        self.incoming = []
        self.producer_fifo = collections.deque()
        self.terminator = None
        asyncore.dispatcher.__init__(self, sock, map)

    def collect_incoming_data(self, data):
        raise NotImplementedError('must be implemented in subclass')

    def _collect_incoming_data(self, data):
        self.incoming.append(data)

    def _get_data(self):
        data = ''.join(self.incoming)
        del self.incoming[:]
        return data

    def found_terminator(self):
        raise NotImplementedError('must be implemented in subclass')

    def set_terminator(self, term):
        """A string, a byte count (int), or None (everything is data)."""
        if isinstance(term, int) and term < 0:
            raise ValueError('the number of received bytes must be positive')
        self.terminator = term

    def get_terminator(self):
        return self.terminator

    def handle_read(self):
        try:
            data = self.recv(self.ac_in_buffer_size)
        except OSError:
            self.handle_error()
            return
        self.ac_in_buffer = self.ac_in_buffer + data
        while self.ac_in_buffer:
            size = len(self.ac_in_buffer)
            terminator = self.get_terminator()
            if not terminator:
                self.collect_incoming_data(self.ac_in_buffer)
                self.ac_in_buffer = ''
            elif isinstance(terminator, int):
                if size < terminator:
                    self.collect_incoming_data(self.ac_in_buffer)
                    self.ac_in_buffer = ''
                    self.terminator = terminator - size
                else:
                    self.collect_incoming_data(self.ac_in_buffer[:terminator])
                    self.ac_in_buffer = self.ac_in_buffer[terminator:]
                    self.terminator = 0
                    self.found_terminator()
            else:
                at = self.ac_in_buffer.find(terminator)
                if at != -1:
                    if at > 0:
                        self.collect_incoming_data(self.ac_in_buffer[:at])
                    self.ac_in_buffer = self.ac_in_buffer[at + len(terminator):]
                    self.found_terminator()
                else:
                    # Keep a possible start of the terminator for the next read.
                    partial = find_prefix_at_end(self.ac_in_buffer, terminator)
                    if partial:
                        if partial != size:
                            self.collect_incoming_data(self.ac_in_buffer[:-partial])
                            self.ac_in_buffer = self.ac_in_buffer[-partial:]
                        break
                    self.collect_incoming_data(self.ac_in_buffer)
                    self.ac_in_buffer = ''

    def handle_write(self):
        self.initiate_send()

    def handle_close(self):
        self.close()

    def push(self, data):
        size = self.ac_out_buffer_size
        if len(data) > size:
            for i in range(0, len(data), size):
                self.producer_fifo.append(data[i:i + size])
        else:
            self.producer_fifo.append(data)
        self.initiate_send()

    def push_with_producer(self, producer):
        self.producer_fifo.append(producer)
        self.initiate_send()

    def readable(self):
        return 1

    def writable(self):
        return self.producer_fifo or (not self.connected)

    def close_when_done(self):
        self.producer_fifo.append(None)

    def initiate_send(self):
        while self.producer_fifo and self.connected:
            first = self.producer_fifo[0]
            if not first:
                del self.producer_fifo[0]
                if first is None:
                    self.handle_close()
                    return
                continue
            size = self.ac_out_buffer_size
            if isinstance(first, str):
                data = first[:size]
            else:
                data = first.more()
                if data:
                    self.producer_fifo.appendleft(data)
                else:
                    del self.producer_fifo[0]
                continue
            try:
                sent = self.send(data)
            except OSError:
                self.handle_error()
                return
            if sent:
                if sent < len(data) or size < len(first):
                    self.producer_fifo[0] = first[sent:]
                else:
                    del self.producer_fifo[0]
            return

    def discard_buffers(self):
        self.ac_in_buffer = ''
        del self.incoming[:]
        self.producer_fifo.clear()
