#!/usr/bin/env python3
"""Full TLS handshakes per second, never resuming a session.

Why not wrk or `openssl s_time`: wrk with `Connection: close` resumes TLS sessions (it measures resumptions), and
`openssl s_time` sends no SNI, so a server that picks its certificate by name is not exercised the way browsers
exercise it. This client opens a new TCP connection and a new TLS session for every request (the SSL context keeps
no client session cache and no session is ever passed back in), sends the SNI, does one
`GET / HTTP/1.1` with `Connection: close`, and counts the connection only when the answer is a 2xx.
It checks every connection for `session_reused` and reports (and fails on) any resumption.

Several worker processes keep that many connections in flight, so the server is never idle waiting on a single
client; run it pinned to its own core (`taskset -c 1`). The report includes the client's own CPU use: close to
100 % of one core means the figure is bound by the client, not the server.

Prints one line: `conns_per_s=<float> conns=<n> errors=<n> reused=<n> client_cpu=<fraction> tls=<version>`.
"""
import argparse
import multiprocessing
import os
import socket
import ssl
import sys
import time


def worker(host, port, sni, start_at, stop_at, out):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Throughput of the server's handshake is measured, not the client's chain validation; the certificate comes
    # from a local Pebble the client does not trust anyway.
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.options |= ssl.OP_NO_TICKET
    request = ("GET / HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" % (sni, port)).encode()
    conns = errors = reused = 0
    version = ""
    while time.monotonic() < start_at:
        time.sleep(0.001)
    while True:
        if time.monotonic() >= stop_at:
            break
        try:
            with socket.create_connection((host, port), timeout=10) as raw:
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with ctx.wrap_socket(raw, server_hostname=sni) as tls:
                    if tls.session_reused:
                        reused += 1
                    version = tls.version()
                    tls.sendall(request)
                    head = tls.recv(16)
                    while tls.recv(65536):
                        pass
            ok = head.startswith(b"HTTP/1.") and head[9:10] == b"2"
            # A connection that finished after the deadline is not counted: the rate is over the fixed window.
            if not ok:
                errors += 1
            elif time.monotonic() <= stop_at:
                conns += 1
        except (OSError, ssl.SSLError):
            errors += 1
    out.put((conns, errors, reused, version))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sni", required=True)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("handshakes.py: loopback only")

    out = multiprocessing.Queue()
    start_at = time.monotonic() + 0.5
    stop_at = start_at + args.seconds
    before = os.times()
    procs = [multiprocessing.Process(target=worker, args=(args.host, args.port, args.sni, start_at, stop_at, out))
             for _ in range(args.concurrency)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    after = os.times()
    conns = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    reused = sum(r[2] for r in results)
    versions = sorted({r[3] for r in results if r[3]})
    cpu = ((after.children_user - before.children_user) + (after.children_system - before.children_system))
    print("conns_per_s=%.1f conns=%d errors=%d reused=%d client_cpu=%.2f tls=%s"
          % (conns / args.seconds, conns, errors, reused, cpu / (args.seconds + 0.5), ",".join(versions) or "-"))
    if reused:
        sys.exit("handshakes.py: %d connections resumed a session; the figure is not full handshakes" % reused)


if __name__ == "__main__":
    main()
