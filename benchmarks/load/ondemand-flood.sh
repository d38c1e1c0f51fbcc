#!/usr/bin/env bash
# On-demand flood (issue 20 item 3): while many clients shake hands for fresh on-demand names whose ask endpoint
# answers slowly, how long does a handshake for a name that is already served take?
#
#   server  the sample app jar (Tomcat, 200 workers by default) with certmagic.domains = one served name, obtained
#           from a local Pebble (PebbleMain) before the flood, and on-demand TLS decided by an ask endpoint
#   ask     a local HTTP endpoint (python3) that answers 403 after FLOOD_ASK_DELAY seconds (default 5): every fresh
#           name stays undecided that long, then is denied (so the flood orders nothing)
#   flood   FLOOD_CLIENTS threads (default 300, in FLOOD_PROCESSES python processes, default 4), each doing TLS
#           handshakes in a loop for FLOOD_SECONDS (default 30),
#           FLOOD_PER_NAME handshakes (default 5) per fresh name, then the next fresh name, pausing FLOOD_PAUSE
#           seconds (default 1) after each handshake as a retrying client would
#   probe   one client doing sequential full handshakes (TCP connect -> handshake done) for the served name every
#           50 ms during the flood; each must return the served certificate within 30 s
# Prints the probe's p50 / p99 / max handshake time and failures, the flood's handshake count, and the gate's
# counters from the server's metrics endpoint. The issue's target: p99 of the served name <= 1 s.
#
#   FLOOD_APP_ARGS="..."  extra sample-app arguments, e.g. the behaviour before the fix (waiting unbounded):
#                         "--certmagic.on-demand.max-waiting=100000 --certmagic.on-demand.max-waiting-per-name=100000
#                          --certmagic.on-demand.handshake-timeout=10s", or fail-fast: "--certmagic.on-demand.max-waiting=0"
#   FLOOD_JAVA=java       JDK for the sample app
#   FLOOD_SKIP_BUILD=1    use the jars already built
#   FLOOD_JAR=path        run this sample-app jar instead of sample-app/target's (A/B runs: copy each build's jar
#                         aside, then run them in turn with FLOOD_SKIP_BUILD=1); implies no build of the sample app
#
# Not part of the test suite. Everything listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

java_bin="${FLOOD_JAVA:-java}"
clients="${FLOOD_CLIENTS:-300}"
seconds="${FLOOD_SECONDS:-30}"
per_name="${FLOOD_PER_NAME:-5}"
ask_delay="${FLOOD_ASK_DELAY:-5}"
pause="${FLOOD_PAUSE:-1}"
read -r -a app_args <<<"${FLOOD_APP_ARGS:-}"
name="served.flood.example"

scripts/ensure-tools
command -v python3 >/dev/null 2>&1 || install_packages python3
start_work certmagic-flood

if [ "${FLOOD_SKIP_BUILD:-0}" != "1" ] && [ -z "${FLOOD_JAR:-}" ]; then
  echo "==> Building the sample app and the Pebble launcher"
  # package, never install: ~/.m2 may be shared with other checkouts of the project.
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support -am package -DskipTests -Dmaven.install.skip=true
fi
pebble_classpath
jar="${FLOOD_JAR:-$(sample_jar)}"
[ -f "$jar" ] || fail "no sample-app jar ($jar)"

echo "==> Pebble, the slow ask endpoint (${ask_delay} s) and the sample app"
start_pebble "$work/pebble" "$work/pebble.log"
ask_port="$(free_port)"
python3 - "$ask_port" "$ask_delay" >"$work/ask.log" 2>&1 <<'EOF' &
import http.server, socketserver, sys, time
port, delay = int(sys.argv[1]), float(sys.argv[2])
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay)
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 1024
Server(("127.0.0.1", port), Slow).serve_forever()
EOF
pids+=("$!")

https_port="$PEBBLE_TLS_PORT"
"$java_bin" -jar "$jar" \
  --server.address=127.0.0.1 --server.port="$https_port" \
  --certmagic.http.port="$PEBBLE_HTTP_PORT" \
  --certmagic.domains="$name" --certmagic.key-type=ec256 \
  --certmagic.ca="$PEBBLE_DIRECTORY" \
  --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
  --certmagic.email=flood@certmagic.example --certmagic.agreed=true \
  --certmagic.storage.path="$work/storage" \
  --certmagic.on-demand.enabled=true \
  --certmagic.on-demand.ask="http://127.0.0.1:$ask_port/ask" \
  --certmagic.on-demand.ask-timeout=60s \
  --management.endpoints.web.exposure.include=metrics \
  ${app_args[@]+"${app_args[@]}"} >"$work/app.log" 2>&1 &
app_pid=$!
pids+=("$app_pid")
# Served once its certificate from Pebble is in: wait_https accepts any certificate, so wait for the stored one.
for _ in $(seq 1 180); do
  [ -n "$(find "$work/storage" -name "$name.crt" 2>/dev/null)" ] && break
  kill -0 "$app_pid" 2>/dev/null || fail "the sample app stopped" "$work/app.log"
  sleep 1
done
wait_https "$app_pid" "$https_port" "$work/app.log"

echo "==> Flood: $clients clients, $seconds s, $per_name handshakes per fresh name, ${pause} s pause; probe: $name every 50 ms" \
  "(load average $(cut -d' ' -f1 /proc/loadavg), $(nproc) CPUs)"
# Connections the kernel dropped because the listen queue was full (the server's acceptor too slow): each costs the
# client a SYN retransmission (1 s, 3 s, 7 s ...), which shows as multi-second outliers of the probe.
overflows() { nstat -az TcpExtListenOverflows 2>/dev/null | awk '/TcpExtListenOverflows/ {print $2}' || echo 0; }
overflows_before="$(overflows)"
# Flood and probe in separate processes (see flood_clients.py); the flood in FLOOD_PROCESSES (default 4).
clients_py="benchmarks/load/flood_clients.py"
processes="${FLOOD_PROCESSES:-4}"
flooders=()
for i in $(seq 1 "$processes"); do
  python3 "$clients_py" flood "$https_port" $((clients / processes)) "$seconds" "$per_name" "$i" "$pause" \
    >"$work/flood-$i.txt" &
  flooders+=("$!")
  pids+=("$!")
done
python3 "$clients_py" probe "$https_port" "$name" "$seconds" 2>"$work/probe-failures.txt" | tee "$work/figures.txt"
for pid in "${flooders[@]}"; do wait "$pid" || true; done
cat "$work"/flood-*.txt | awk '{ok += $1; failed += $2}
  END {printf "flood handshakes: %d (%d succeeded, %d failed or refused)\n", ok + failed, ok, failed}' \
  | tee -a "$work/figures.txt"
head -n 5 "$work/probe-failures.txt"
echo "listen-queue overflows during the run (all of loopback): $(( $(overflows) - overflows_before ))" \
  | tee -a "$work/figures.txt"
echo "==> Gate counters (GET /actuator/metrics over HTTPS)"
for metric in $(curl -sk --max-time 10 --resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/actuator/metrics" \
    | python3 -c 'import json,sys; print("\n".join(n for n in json.load(sys.stdin)["names"] if "on" in n and "demand" in n or "handshake" in n))' 2>/dev/null); do
  value="$(curl -sk --max-time 10 --resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/actuator/metrics/$metric" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s=%s" % (m["statistic"], m["value"]) for m in d["measurements"]))' 2>/dev/null || true)"
  echo "    $metric $value"
done
# The key manager's selections by result (hit: a served name; on_demand / miss: a fresh name refused).
for result in $(curl -sk --max-time 10 --resolve "$name:$https_port:127.0.0.1" \
    "https://$name:$https_port/actuator/metrics/certmagic.handshakes" \
    | python3 -c 'import json,sys; print("\n".join(v for t in json.load(sys.stdin)["availableTags"] for v in t["values"]))' \
    2>/dev/null); do
  value="$(curl -sk --max-time 10 --resolve "$name:$https_port:127.0.0.1" \
    "https://$name:$https_port/actuator/metrics/certmagic.handshakes?tag=result:$result" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["measurements"][0]["value"])' 2>/dev/null || true)"
  echo "    certmagic.handshakes result=$result $value"
done
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
