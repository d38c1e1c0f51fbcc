#!/usr/bin/env python3
"""Times one start of a TLS server that holds many certificates in storage.

Starts the command given after `--` itself (so "JVM start" is the moment the process is spawned), then measures,
all on 127.0.0.1:

- listening: the first TCP connect to --port that succeeds (polled every 5 ms);
- first handshake for --end-name (a name near the end of the configured list) and for --random-name: the first
  TLS handshake with that SNI whose certificate names it (polled every 25 ms; a failed handshake, e.g. "no
  certificate" before the name is loaded, is retried);
- all loaded: the moment the server's log shows --ready-line (polled every 20 ms): certmagic logs "every
  configured name has a valid certificate" once every configured name has a certificate in the cache, when it
  turns readiness to ACCEPTING_TRAFFIC. (Not `/actuator/health/readiness`: with 10,000 names the `certificates`
  health indicator takes minutes per request, see RESULTS.md.)

The client never verifies the chain (the test CA is not trusted) and checks instead that the name is in the
certificate the server sent. Prints one line of JSON with seconds: jvm_to_listen, listen_to_end, listen_to_random,
listen_to_ready (and the same from JVM start). Stops the server (SIGTERM, then SIGKILL) before it exits.
"""
import argparse
import json
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time


def handshake_serves(port, name, timeout=15.0):
    # A generous timeout: the first handshakes of a cold JVM on a busy machine take seconds, and giving up early
    # would add a whole retry to the figure.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
        with ctx.wrap_socket(raw, server_hostname=name) as tls:
            der = tls.getpeercert(binary_form=True)
            return der is not None and name.encode("ascii") in der


class LogWatch:
    """Reads the server's log as it grows and tells whether a line has appeared."""

    def __init__(self, path, needle):
        self.path = path
        self.needle = needle.encode("utf-8")
        self.offset = 0
        self.tail = b""

    def seen(self):
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            chunk = log.read()
        self.offset += len(chunk)
        text = self.tail + chunk
        self.tail = text[-len(self.needle):]
        return self.needle in text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--end-name", required=True)
    parser.add_argument("--random-name", required=True)
    parser.add_argument("--ready-line", required=True, help="the log text that says every name is loaded")
    parser.add_argument("--log", required=True, help="file for the server's output")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command and args.command[0] == "--" else args.command
    # Stopped by the script (trap): leave through `finally`, which stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))

    with open(args.log, "wb") as log:
        t0 = time.monotonic()
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = t0 + args.timeout
    result = {}
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit("startup_probe: the server exited with %s (log: %s)" % (server.returncode, args.log))
            if time.monotonic() > deadline:
                raise SystemExit("startup_probe: not listening within %.0f s" % args.timeout)
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.005)
        listen = time.monotonic()
        marks = {}
        watch = LogWatch(args.log, args.ready_line)

        def poll(key, check, interval):
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    if check():
                        marks[key] = time.monotonic()
                        return
                except (OSError, ssl.SSLError):
                    pass
                time.sleep(interval)

        threads = [
            threading.Thread(target=poll, args=("end", lambda: handshake_serves(args.port, args.end_name), 0.025)),
            threading.Thread(target=poll, args=("random", lambda: handshake_serves(args.port, args.random_name),
                                                0.025)),
            threading.Thread(target=poll, args=("ready", watch.seen, 0.02)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        missing = [k for k in ("end", "random", "ready") if k not in marks]
        if missing:
            raise SystemExit("startup_probe: no %s within %.0f s (log: %s)" % (", ".join(missing), args.timeout,
                                                                              args.log))
        result = {
            "jvm_to_listen": round(listen - t0, 3),
            "listen_to_end": round(marks["end"] - listen, 3),
            "listen_to_random": round(marks["random"] - listen, 3),
            "listen_to_ready": round(marks["ready"] - listen, 3),
            "jvm_to_end": round(marks["end"] - t0, 3),
            "jvm_to_ready": round(marks["ready"] - t0, 3),
        }
        print(json.dumps(result), flush=True)
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    sys.exit(main())
