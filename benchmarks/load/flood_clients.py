"""TLS clients of ondemand-flood.sh: the flood of fresh names, and the probe that times a served name's handshakes.

  flood_clients.py flood PORT THREADS SECONDS PER_NAME OFFSET PAUSE   prints "<succeeded> <failed>"
  flood_clients.py probe PORT SERVED_NAME SECONDS               prints p50 / p99 / max of the served name

They run as separate processes: Python threads share one interpreter lock, and a probe inside the flood's process
would measure its own wait for that lock rather than the server.
"""
import itertools
import socket
import ssl
import sys
import threading
import time

CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def handshake(port, sni, timeout):
    """One full handshake (TCP connect included); returns (seconds, the server's leaf in DER)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
        raw.settimeout(timeout)
        with CONTEXT.wrap_socket(raw, server_hostname=sni) as tls:
            return time.monotonic() - start, tls.getpeercert(binary_form=True)


def flood(port, threads, seconds, per_name, offset, pause):
    counter = itertools.count()
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()

    def run():
        while time.monotonic() < stop:
            n = next(counter)
            try:
                handshake(port, "f%d-%d.fresh.flood.example" % (offset, n // per_name), 60)
                outcome = "ok"
            except (OSError, ssl.SSLError):
                outcome = "failed"
            with lock:
                counts[outcome] += 1
            # A client that retries after a pause, as a browser's user would: without it the flood is a plain
            # handshake-CPU flood, which no on-demand setting can answer.
            time.sleep(pause)

    workers = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + 90)
    print("%d %d" % (counts["ok"], counts["failed"]))


def probe(port, served, seconds):
    _, served_der = handshake(port, served, 30)
    time.sleep(2)  # let the flood build up before probing
    stop = time.monotonic() + seconds - 4
    times, failures = [], 0
    while time.monotonic() < stop:
        try:
            elapsed, der = handshake(port, served, 30)
            if der != served_der:
                raise ssl.SSLError("another certificate than the served name's")
            times.append(elapsed)
        except (OSError, ssl.SSLError) as e:
            failures += 1
            print("probe failure: %r" % (e,), file=sys.stderr)
        time.sleep(0.05)
    times.sort()

    def percentile(q):
        return times[min(len(times) - 1, int(round(q * (len(times) - 1))))] * 1000

    if not times:
        print("served-name handshakes: none succeeded, %d failed; target NOT met" % failures)
        return
    print("served-name handshakes: %d ok, %d failed; p50 %.1f ms, p99 %.1f ms, max %.1f ms"
          % (len(times), failures, percentile(0.5), percentile(0.99), times[-1] * 1000))
    print("target (issue 20): p99 <= 1000 ms and no failure: %s"
          % ("met" if failures == 0 and percentile(0.99) <= 1000 else "NOT met"))


if __name__ == "__main__":
    if sys.argv[1] == "flood":
        flood(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]),
              float(sys.argv[7]))
    else:
        probe(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
