#!/usr/bin/env python3
"""Plain TCP ends for the forwarding e2e tests (loopback only).

  fwdpeer.py serve echo|sink|source PORTFILE   a target: echo; sink (after the
             client's EOF, replies "SHA256HEX BYTES\n" - needs half-close);
             source (sends 512 MiB of a counter pattern, or until the reader goes)
  fwdpeer.py send PORT FILE                    sends FILE, shuts down its
             sending side, prints the reply line (with sink)
  fwdpeer.py echo-clients PORT N SIZE          N concurrent connections each
             send SIZE random bytes and check the echo byte-exact
  fwdpeer.py slow-send PORT TOTAL SECS OUT     sends TOTAL bytes spread over SECS
             to an echo target, reading the echo; writes "ok" or the error to OUT
  fwdpeer.py stall PORT SECS                   connects, reads nothing for SECS,
             then reads what arrives for 1 s and prints the byte count
  fwdpeer.py connect-eof PORT                  connects, sends a line, prints how
             the connection ended ("eof", "reset") and after how many seconds
Every wait is bounded.
"""
import hashlib
import os
import socket
import sys
import threading
import time


def serve(mode, portfile):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(1024)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)

    def handle(c):
        try:
            if mode == "echo":
                while True:
                    d = c.recv(1 << 16)
                    if not d:
                        break
                    c.sendall(d)
            elif mode == "sink":
                h, n = hashlib.sha256(), 0
                while True:
                    d = c.recv(1 << 20)
                    if not d:
                        break
                    h.update(d)
                    n += len(d)
                c.sendall(("%s %d\n" % (h.hexdigest(), n)).encode())
            elif mode == "source":
                block = bytes(range(256)) * 256
                for _ in range(8192):
                    c.sendall(block)
        except OSError:
            pass
        finally:
            c.close()

    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def connect(port):
    c = socket.create_connection(("127.0.0.1", int(port)), timeout=60)
    return c


def send(port, path):
    c = connect(port)
    with open(path, "rb") as f:
        while True:
            d = f.read(1 << 20)
            if not d:
                break
            c.sendall(d)
    c.shutdown(socket.SHUT_WR)
    reply = b""
    while True:
        d = c.recv(4096)
        if not d:
            break
        reply += d
    sys.stdout.write(reply.decode())


def echo_clients(port, n, size):
    n, size = int(n), int(size)
    bad = []

    def one(i):
        try:
            data = os.urandom(size)
            c = connect(port)
            got = bytearray()

            def w():
                c.sendall(data)
                c.shutdown(socket.SHUT_WR)

            t = threading.Thread(target=w)
            t.start()
            while True:
                d = c.recv(1 << 16)
                if not d:
                    break
                got += d
            t.join()
            c.close()
            if bytes(got) != data:
                bad.append("%d: %d of %d bytes, %s" % (i, len(got), size,
                           "prefix ok" if data.startswith(bytes(got)) else "differs"))
        except OSError as e:
            bad.append("%d: %s" % (i, e))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if bad:
        print("FAILED %d of %d: %s" % (len(bad), n, "; ".join(bad[:5])))
        sys.exit(1)
    print("%d connections x %d bytes echoed byte-exact" % (n, size))


def slow_send(port, total, secs, out):
    total, secs = int(total), float(secs)
    msg = "ok"
    try:
        c = connect(port)
        c.settimeout(15)
        chunk = 16384
        pause = secs / (total / chunk)
        block = os.urandom(chunk)
        sent = got = 0
        while sent < total:
            c.sendall(block)
            sent += chunk
            while got < sent - 4 * chunk:
                d = c.recv(1 << 16)
                if not d:
                    raise OSError("connection closed after %d of %d bytes" % (got, total))
                got += len(d)
            time.sleep(pause)
        c.shutdown(socket.SHUT_WR)
        while True:
            d = c.recv(1 << 16)
            if not d:
                break
            got += len(d)
        if got != total:
            msg = "echo short: %d of %d bytes" % (got, total)
    except OSError as e:
        msg = "error: %s" % e
    with open(out + ".tmp", "w") as f:
        f.write(msg + "\n")
    os.rename(out + ".tmp", out)


def stall(port, secs):
    c = connect(port)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    time.sleep(float(secs))
    c.settimeout(1)
    n = 0
    end = time.time() + 1
    try:
        while time.time() < end:
            d = c.recv(1 << 20)
            if not d:
                break
            n += len(d)
    except OSError:
        pass
    print(n)


def connect_eof(port):
    t0 = time.time()
    c = connect(port)
    c.settimeout(20)
    how = "eof"
    try:
        c.sendall(b"hello\n")
        while True:
            d = c.recv(4096)
            if not d:
                break
            how = "data"
    except ConnectionResetError:
        how = "reset"
    except socket.timeout:
        how = "timeout"
    print("%s %.2f" % (how, time.time() - t0))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"serve": serve, "send": send, "echo-clients": echo_clients, "slow-send": slow_send,
     "stall": stall, "connect-eof": connect_eof}[cmd](*args)
