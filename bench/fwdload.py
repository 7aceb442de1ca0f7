#!/usr/bin/env python3
"""Load for bench/forward.sh (loopback only, bounded waits).

  fwdload.py sink PORTFILE          target: discards bytes; echoes 1-byte pings
  fwdload.py bulk PORT BYTES        sends BYTES (a 4 MiB random block repeated), half-closes,
                                    waits for the target's close; prints "SECONDS"

The bulk source and the sink cost as little CPU as they can, so that the two
CPUs go to the tools measured: the sink discards in the kernel (recv with
MSG_TRUNC on TCP, tcp(7): no copy to user space) and the source sends the
block with sendfile(2) from a file (no copy from user space).  Every tool
gets the same source and sink.
  fwdload.py rate PORT SECS CONC    CONC threads open connections for SECS: connect,
                                    1-byte ping, its echo, close; prints "CONN_PER_S FAILED"
"""
import os
import socket
import sys
import tempfile
import threading
import time


def sink(portfile):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4096)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)

    def handle(c):
        buf = bytearray(1 << 20)
        try:
            while True:
                n = c.recv_into(buf, len(buf), socket.MSG_TRUNC)
                if n == 0:
                    break
                if n == 1:
                    c.sendall(b"!")   # a ping (rate test)
        except OSError:
            pass
        c.close()

    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def bulk(port, total):
    total = int(total)
    block = 4 << 20
    with tempfile.TemporaryFile() as f:
        f.write(os.urandom(block))
        f.flush()
        c = socket.create_connection(("127.0.0.1", int(port)), timeout=300)
        t0 = time.time()
        sent = 0
        while sent < total:
            off = sent % block
            sent += c.sendfile(f, off, min(block - off, total - sent))
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
    print("%.3f" % (time.time() - t0))


def rate(port, secs, conc):
    secs, conc = float(secs), int(conc)
    end = time.time() + secs
    ok = [0] * conc
    bad = [0] * conc

    def worker(i):
        while time.time() < end:
            try:
                c = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
                c.sendall(b"?")
                if c.recv(1) == b"!":
                    ok[i] += 1
                else:
                    bad[i] += 1
                c.close()
            except OSError:
                bad[i] += 1

    t0 = time.time()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("%.1f %d" % (sum(ok) / (time.time() - t0), sum(bad)))


if __name__ == "__main__":
    {"sink": sink, "bulk": bulk, "rate": rate}[sys.argv[1]](*sys.argv[2:])
