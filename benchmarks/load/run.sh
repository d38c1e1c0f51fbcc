#!/usr/bin/env bash
# First-load benchmark, side by side on loopback, with the same ECDSA P-256 certificate from the same Pebble:
#   (a) certmagic  the sample app with certmagic (it obtains the certificate from Pebble)
#   (b) static     the same jar with --certmagic.enabled=false and Spring Boot's server.ssl PEM pointing at the
#                  certificate and key that (a) stored
#   (c) caddy      Caddy (Debian package) with `tls cert key` on the same PEM, `respond "Hello"`
# For each: full TLS handshakes/s without resumption (handshakes.py: a new session per connection, SNI, one GET)
# and keep-alive HTTP/1.1 req/s (wrk). Servers are pinned to CPU 0, the load client to CPU 1. Rounds alternate
# between the servers so that background load drifts over all of them alike. Prints medians, min-max and ratios.
#
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   JDK for the two Spring Boot servers (default: java)
#   BENCH_ROUNDS=3  BENCH_SECONDS=8  BENCH_WARMUP_SECONDS=8  BENCH_CONCURRENCY=8  BENCH_WRK_CONNECTIONS=32
#   BENCH_SKIP_BUILD=1   use the jars already built
#   BENCH_NAME=bench.certmagic.example
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
cd "$(dirname "$0")/../.."

name="${BENCH_NAME:-bench.certmagic.example}"
java_bin="${BENCH_JAVA:-java}"
rounds="${BENCH_ROUNDS:-3}"
seconds="${BENCH_SECONDS:-8}"
warmup="${BENCH_WARMUP_SECONDS:-8}"
concurrency="${BENCH_CONCURRENCY:-8}"
wrk_conns="${BENCH_WRK_CONNECTIONS:-32}"
load_dir="benchmarks/load"

# --- tools ----------------------------------------------------------------------------------------------------
scripts/ensure-tools
need=()
command -v caddy >/dev/null 2>&1 || need+=(caddy)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing from Debian's packages: ${need[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ "$(nproc)" -ge 2 ] || { echo "run.sh: needs 2 CPUs (server on CPU 0, client on CPU 1)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/certmagic-load.XXXXXX")"
pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped everything this run started. Logs and raw figures: $work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM
fail() {
  echo "run.sh: $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 40 "$2" >&2
  exit 1
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_https() { # pid port log: until a GET over TLS with the benchmark's SNI answers
  for _ in $(seq 1 180); do
    if curl -sk --max-time 3 --resolve "$name:$2:127.0.0.1" "https://$name:$2/" >/dev/null 2>&1; then return 0; fi
    kill -0 "$1" 2>/dev/null || fail "a server stopped (log: $3)" "$3"
    sleep 1
  done
  fail "no HTTPS answer on port $2 within 180 s" "$3"
}

# --- build ----------------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "==> Building the sample app and the Pebble launcher"
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support -am package -DskipTests
fi
./mvnw -B -q -ntp -pl certmagic-test-support dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
  >/dev/null
jar="$(ls sample-app/target/certmagic-sample-app-*.jar | grep -v '\.original$' | head -n 1)"

# --- Pebble and (a) ----------------------------------------------------------------------------------------
echo "==> Starting Pebble on loopback"
java -cp "certmagic-test-support/target/classes:$(cat "$work/classpath.txt")" \
  dev.certmagic.testsupport.PebbleMain "$work/pebble" >"$work/pebble-main.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  [ -f "$work/pebble/pebble.env" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "Pebble did not start" "$work/pebble-main.log"
  sleep 0.5
done
[ -f "$work/pebble/pebble.env" ] || fail "Pebble did not start within 60 s" "$work/pebble-main.log"
# shellcheck disable=SC1091
. "$work/pebble/pebble.env"

port_a="$PEBBLE_TLS_PORT"   # Pebble validates TLS-ALPN-01 here
echo "==> (a) certmagic on $port_a, certificate from Pebble ($("$java_bin" -version 2>&1 | head -n 1))"
taskset -c 0 "$java_bin" -jar "$jar" \
  --server.address=127.0.0.1 --server.port="$port_a" \
  --certmagic.http.port="$PEBBLE_HTTP_PORT" \
  --certmagic.domains="$name" --certmagic.key-type=ec256 \
  --certmagic.ca="$PEBBLE_DIRECTORY" \
  --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
  --certmagic.email=bench@certmagic.example --certmagic.agreed=true \
  --certmagic.storage.path="$work/storage" \
  --logging.level.dev.certmagic=warn \
  >"$work/certmagic.log" 2>&1 &
pids+=($!)
pid_a=$!
wait_https "$pid_a" "$port_a" "$work/certmagic.log"
crt=""
for _ in $(seq 1 60); do
  crt="$(find "$work/storage/certificates" -name "$name.crt" 2>/dev/null | head -n 1)"
  [ -n "$crt" ] && break
  sleep 1
done
key="${crt%.crt}.key"
[ -f "$crt" ] && [ -f "$key" ] || fail "no $name.crt/.key in $work/storage/certificates"
openssl x509 -in "$crt" -noout -text | grep -q 'prime256v1\|P-256' || fail "the certificate is not ECDSA P-256"
served="$(openssl s_client -connect "127.0.0.1:$port_a" -servername "$name" </dev/null 2>/dev/null \
  | openssl x509 -noout -fingerprint -sha256)"
echo "    certificate: $crt ($served)"

# --- (b) static PEM, (c) Caddy -----------------------------------------------------------------------------
port_b="$(free_port)"
echo "==> (b) static server.ssl PEM on $port_b"
# The sample's readiness group names the certificates health contributor, which does not exist without
# certmagic: without the flag below the app refuses to start.
taskset -c 0 "$java_bin" -jar "$jar" \
  --certmagic.enabled=false \
  --management.endpoint.health.validate-group-membership=false \
  --server.address=127.0.0.1 --server.port="$port_b" \
  --server.ssl.certificate="file:$crt" --server.ssl.certificate-private-key="file:$key" \
  >"$work/static.log" 2>&1 &
pids+=($!)
pid_b=$!

port_c="$(free_port)"
echo "==> (c) Caddy $(caddy version | cut -d' ' -f1) on $port_c"
mkdir -p "$work/caddy-home"
cat >"$work/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $work/caddy-home/data
}
https://$name:$port_c {
	bind 127.0.0.1
	tls $crt $key
	respond "Hello"
}
EOF
HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home/data" XDG_CONFIG_HOME="$work/caddy-home/config" \
  taskset -c 0 caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
pid_c=$!
wait_https "$pid_b" "$port_b" "$work/static.log"
wait_https "$pid_c" "$port_c" "$work/caddy.log"
for p in "$port_b" "$port_c"; do
  fp="$(openssl s_client -connect "127.0.0.1:$p" -servername "$name" </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256)"
  [ "$fp" = "$served" ] || fail "port $p serves another certificate ($fp)"
done
echo "    all three serve the same certificate"

# --- measure --------------------------------------------------------------------------------------------------
results="$work/results.tsv"
: >"$results"
declare -A port=([certmagic]="$port_a" [static]="$port_b" [caddy]="$port_c")
handshakes() { # server seconds
  taskset -c 1 python3 "$load_dir/handshakes.py" --port "${port[$1]}" --sni "$name" --seconds "$2" \
    --concurrency "$concurrency"
}
keepalive() { # server seconds
  taskset -c 1 wrk -t1 -c"$wrk_conns" -d"${2}s" -s "$load_dir/resolve.lua" "https://$name:${port[$1]}/"
}
echo "==> Warm-up: ${warmup}s of each load per server"
for s in certmagic static caddy; do
  handshakes "$s" "$warmup" >"$work/warmup-$s-hs.txt"
  keepalive "$s" "$warmup" >"$work/warmup-$s-ka.txt"
done
for r in $(seq 1 "$rounds"); do
  for s in certmagic static caddy; do
    line="$(handshakes "$s" "$seconds")"
    echo "    round $r $s full handshakes: $line"
    printf '%s\t%s\thandshakes\t%s\t%s\n' "$s" "$r" "$(sed 's/.*conns_per_s=\([0-9.]*\).*/\1/' <<<"$line")" \
      "$line" >>"$results"
    out="$(keepalive "$s" "$seconds")"
    echo "$out" >"$work/round$r-$s-ka.txt"
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    bad="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
    echo "    round $r $s keep-alive req/s: $rps ${bad}"
    printf '%s\t%s\tkeepalive\t%s\t%s\n' "$s" "$r" "$rps" "$bad" >>"$results"
  done
done

echo "==> Results (median [min-max] over $rounds rounds of ${seconds}s; servers on CPU 0, client on CPU 1)"
python3 - "$results" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
med = {}
for metric, label in (("handshakes", "full handshakes/s (no resumption)"), ("keepalive", "keep-alive req/s")):
    print(label)
    for s in ("certmagic", "static", "caddy"):
        v = [float(r[3]) for r in rows if r[0] == s and r[2] == metric]
        med[(s, metric)] = statistics.median(v)
        cpu = [float(r[4].split("client_cpu=")[1].split()[0]) for r in rows
               if r[0] == s and r[2] == metric and "client_cpu=" in r[4]]
        print("  %-10s %9.1f  [%.1f-%.1f]  runs: %s%s" % (s, med[(s, metric)], min(v), max(v),
                                                        " ".join("%.1f" % x for x in v),
                                                        "  client CPU max %.2f" % max(cpu) if cpu else ""))
    for other in ("static", "caddy"):
        print("  certmagic/%-7s %.3f" % (other, med[("certmagic", metric)] / med[(other, metric)]))
EOF
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
