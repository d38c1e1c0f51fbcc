#!/usr/bin/env bash
# Load benchmark, side by side on loopback, with the same ECDSA P-256 certificate from the same Pebble:
#   (a) certmagic  the sample app with certmagic (it obtains the certificate from Pebble)
#   (b) static     the same jar with --certmagic.enabled=false and Spring Boot's server.ssl PEM pointing at the
#                  certificate and key that (a) stored
#   (c) caddy      Caddy (Debian package) with `tls cert key` on the same PEM, `respond "Hello"`
#   (d) netty-jdk        the sample app on WebFlux / Reactor Netty (profile webflux), certmagic with
#                        certmagic.tls.provider=jdk, loading (a)'s certificate from the same storage (no order)
#   (e) netty-boringssl  the same with certmagic.tls.provider=boringssl (netty-tcnative)
# For each, per round:
#   full     TLS handshakes/s that never resume (tlsload.c --mode full: new TCP connection and new TLS session
#            per request, SNI, one GET with Connection: close; fails if any connection resumed)
#   resume   the same client offering the newest session ticket/ID it got (tlsload.c --mode resume); the share of
#            connections that really resumed (SSL_session_reused) is reported, and for certmagic the server's own
#            count of full handshakes (certmagic.handshakes metric) during the run
#   keep     keep-alive HTTP/1.1 req/s (wrk -t1)
# with the CPU fraction the client and the server used during each run (a client near 1.00 bounds the figure).
# Servers are pinned to CPU 0, the clients to CPU 1. Rounds alternate between the servers so that background load
# drifts over all of them alike. Prints medians, min-max and ratios.
#
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   JDK for the two Spring Boot servers (default: java)
#   BENCH_JAVA_OPTS="-Djdk.tls.server.enableSessionTicketExtension=false"   JVM options for both Spring servers
#   BENCH_ROUNDS=3  BENCH_SECONDS=8  BENCH_WARMUP_SECONDS=8  BENCH_PROCS=8  BENCH_WRK_CONNECTIONS=32
#   BENCH_SKIP_BUILD=1   use the jars already built
#   BENCH_NAME=bench.certmagic.example
#   BENCH_SERVERS="certmagic static caddy netty-jdk netty-boringssl"   which of them to measure (a, b, c always start)
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

name="${BENCH_NAME:-bench.certmagic.example}"
java_bin="${BENCH_JAVA:-java}"
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:-}"
rounds="${BENCH_ROUNDS:-3}"
seconds="${BENCH_SECONDS:-8}"
warmup="${BENCH_WARMUP_SECONDS:-8}"
procs="${BENCH_PROCS:-8}"
wrk_conns="${BENCH_WRK_CONNECTIONS:-32}"
load_dir="benchmarks/load"
read -r -a servers <<<"${BENCH_SERVERS:-certmagic static caddy netty-jdk netty-boringssl}"
wants() { [[ " ${servers[*]} " == *" $1 "* ]]; }

# --- tools ----------------------------------------------------------------------------------------------------
scripts/ensure-tools
need=()
command -v caddy >/dev/null 2>&1 || need+=(caddy)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
[ -x /usr/bin/time ] || need+=(time)
install_packages ${need[@]+"${need[@]}"}
require_two_cpus

start_work certmagic-load

# --- build ----------------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "==> Building the sample app (Tomcat, and WebFlux for the netty servers) and the Pebble launcher"
  # The repackaged jar is not rebuilt when only the profile changed: start from none each time.
  rm -f sample-app/target/certmagic-sample-app-*.jar*
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support -am package -DskipTests -Pwebflux
  cp "$(sample_jar)" sample-app/target/bench-webflux.jar
  rm -f sample-app/target/certmagic-sample-app-*.jar*
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support -am package -DskipTests
fi
pebble_classpath
jar="$(sample_jar)"
webflux_jar="sample-app/target/bench-webflux.jar"
echo "==> Compiling the load client: cc -O2 -Wall -o $work/tlsload $load_dir/tlsload.c -lssl -lcrypto"
cc -O2 -Wall -o "$work/tlsload" "$load_dir/tlsload.c" -lssl -lcrypto

# --- Pebble and (a) ----------------------------------------------------------------------------------------
echo "==> Starting Pebble on loopback"
start_pebble "$work/pebble" "$work/pebble-main.log"

port_a="$PEBBLE_TLS_PORT"   # Pebble validates TLS-ALPN-01 here
echo "==> (a) certmagic on $port_a, certificate from Pebble ($("$java_bin" -version 2>&1 | head -n 1)) ${BENCH_JAVA_OPTS:-}"
taskset -c 0 "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" \
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
taskset -c 0 "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" \
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
declare -A port=([certmagic]="$port_a" [static]="$port_b" [caddy]="$port_c")
declare -A spid=([certmagic]="$pid_a" [static]="$pid_b" [caddy]="$pid_c")
for engine in jdk boringssl; do
  wants "netty-$engine" || continue
  [ -f "$webflux_jar" ] || fail "no $webflux_jar: build without BENCH_SKIP_BUILD once"
  p="$(free_port)"
  echo "==> (${engine}) certmagic on Reactor Netty, certmagic.tls.provider=$engine, on $p"
  taskset -c 0 "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$webflux_jar" \
    --server.address=127.0.0.1 --server.port="$p" --certmagic.http.port=-1 \
    --certmagic.tls.provider="$engine" \
    --certmagic.domains="$name" --certmagic.key-type=ec256 \
    --certmagic.ca="$PEBBLE_DIRECTORY" \
    --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
    --certmagic.email=bench@certmagic.example --certmagic.agreed=true \
    --certmagic.storage.path="$work/storage" \
    --logging.level.dev.certmagic=warn \
    >"$work/netty-$engine.log" 2>&1 &
  pids+=($!)
  port[netty-$engine]="$p"
  spid[netty-$engine]=$!
  wait_https "$!" "$p" "$work/netty-$engine.log"
done
wait_https "$pid_b" "$port_b" "$work/static.log"
wait_https "$pid_c" "$port_c" "$work/caddy.log"
for p in "${port[@]}"; do
  fp="$(openssl s_client -connect "127.0.0.1:$p" -servername "$name" </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256)"
  [ "$fp" = "$served" ] || fail "port $p serves another certificate ($fp)"
done
echo "    all ${#port[@]} serve the same certificate"

# --- measure --------------------------------------------------------------------------------------------------
results="$work/results.tsv"
: >"$results"
hz="$(getconf CLK_TCK)"
cpu_ticks() { # pid: user + system clock ticks of the process (all its threads) so far
  awk '{print $14 + $15}' "/proc/$1/stat"
}
certmagic_selections() { # certificate selections certmagic's key manager counted so far (one per full handshake)
  curl -sk --max-time 5 --resolve "$name:$port_a:127.0.0.1" \
    "https://$name:$port_a/actuator/metrics/certmagic.handshakes" |
    python3 -c 'import json, sys; print(int(sum(m["value"] for m in json.load(sys.stdin)["measurements"])))'
}
run_client() { # server mode seconds: prints the client's line (key=value ...)
  case "$2" in
    full | resume)
      taskset -c 1 "$work/tlsload" --port "${port[$1]}" --sni "$name" --seconds "$3" --procs "$procs" --mode "$2"
      ;;
    keep)
      /usr/bin/time -f '%U %S %e' -o "$work/wrk-time.txt" taskset -c 1 wrk -t1 -c"$wrk_conns" -d"${3}s" \
        -s "$load_dir/resolve.lua" "https://$name:${port[$1]}/" >"$work/wrk.txt"
      printf 'req_per_s=%s client_cpu=%s%s\n' "$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")" \
        "$(awk '{printf "%.2f", ($1 + $2) / $3}' "$work/wrk-time.txt")" \
        "$(awk '/Non-2xx|Socket errors/ {printf " errors=\"%s\"", $0}' "$work/wrk.txt")"
      ;;
  esac
}
measure() { # server mode seconds: the client's line plus the server's CPU fraction (and, for certmagic, how
  # many full handshakes the server itself counted during the run)
  local t0 t1 w0 w1 c0 c1 line
  [ "$1" = certmagic ] && [ "$2" != keep ] && c0="$(certmagic_selections)"
  t0="$(cpu_ticks "${spid[$1]}")"
  w0="$(date +%s.%N)"
  line="$(run_client "$1" "$2" "$3")"
  w1="$(date +%s.%N)"
  t1="$(cpu_ticks "${spid[$1]}")"
  line="$line server_cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v w0="$w0" -v w1="$w1" \
    'BEGIN {printf "%.2f", (b - a) / hz / (w1 - w0)}') server_cpu_s=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" \
    'BEGIN {printf "%.2f", (b - a) / hz}')"
  if [ "$1" = certmagic ] && [ "$2" != keep ]; then
    c1="$(certmagic_selections)"
    line="$line server_full=$((c1 - c0 - 1))" # minus the handshake of the second metrics request
  fi
  echo "$line"
}
modes=(full resume keep)
echo "==> Warm-up: ${warmup}s of each load per server"
for s in "${servers[@]}"; do
  for m in "${modes[@]}"; do run_client "$s" "$m" "$warmup" >"$work/warmup-$s-$m.txt"; done
done
echo "==> Measuring: $rounds rounds of ${seconds}s per load and server"
echo "    full:   taskset -c 1 tlsload --mode full   --procs $procs --seconds $seconds --sni $name --port <port>"
echo "    resume: taskset -c 1 tlsload --mode resume --procs $procs --seconds $seconds --sni $name --port <port>"
echo "    keep:   taskset -c 1 wrk -t1 -c$wrk_conns -d${seconds}s -s $load_dir/resolve.lua https://$name:<port>/"
for r in $(seq 1 "$rounds"); do
  for s in "${servers[@]}"; do
    for m in "${modes[@]}"; do
      line="$(measure "$s" "$m" "$seconds")"
      echo "    round $r $s $m: $line"
      printf '%s\t%s\t%s\t%s\n' "$s" "$r" "$m" "$line" >>"$results"
    done
  done
done

echo "==> Results (median [min-max] over $rounds rounds of ${seconds}s; servers on CPU 0, clients on CPU 1)"
python3 - "$results" "$seconds" "${servers[@]}" <<'PY'
import statistics, sys
seconds = float(sys.argv[2])
servers = tuple(sys.argv[3:])
rows = []
for l in open(sys.argv[1]):
    if l.strip():
        s, r, m, line = l.rstrip("\n").split("\t", 3)
        kv = dict(p.split("=", 1) for p in line.split() if "=" in p and not p.startswith('errors="'))
        rows.append((s, m, kv))
labels = {"full": ("full handshakes/s (never resumed)", "conns_per_s"),
          "resume": ("resumed handshakes/s", "conns_per_s"),
          "keep": ("keep-alive req/s", "req_per_s")}
med = {}
def span(v):
    return "%.2f-%.2f" % (min(v), max(v)) if v else "-"
for m, (label, key) in labels.items():
    print(label)
    for s in servers:
        sel = [kv for (x, mm, kv) in rows if x == s and mm == m]
        v = [float(kv[key]) for kv in sel]
        med[(s, m)] = statistics.median(v)
        # Work done per second of server CPU: what one server core would do, whoever limited this run.
        core = [float(kv[key]) * seconds / float(kv["server_cpu_s"]) for kv in sel if float(kv["server_cpu_s"]) > 0]
        med[(s, m, "core")] = statistics.median(core) if core else float("nan")
        extra = "  client CPU %s  server CPU %s  per server core %.0f" % (
            span([float(kv["client_cpu"]) for kv in sel]), span([float(kv["server_cpu"]) for kv in sel]),
            med[(s, m, "core")])
        if m != "keep":
            conns = sum(int(kv["conns"]) for kv in sel)
            extra += "  resumed %d/%d" % (sum(int(kv["resumed"]) for kv in sel), conns)
            errors = sum(int(kv["errors"]) for kv in sel)
            extra += "  errors %d" % errors if errors else ""
            us = statistics.median(float(kv["client_us_per_conn"]) for kv in sel)
            extra += "  client ceiling ~%.0f/s" % (1e6 / us) if us else ""
            if "server_full" in sel[0]:
                extra += "  server-counted full %d" % sum(int(kv["server_full"]) for kv in sel)
        print("  %-10s %9.1f  [%.1f-%.1f]  runs: %s%s" % (s, med[(s, m)], min(v), max(v),
                                                        " ".join("%.1f" % x for x in v), extra))
        if m == "resume":
            share = sum(int(kv["resumed"]) for kv in sel) / max(1, sum(int(kv["conns"]) for kv in sel))
            if share < 0.95:
                print("  %-10s WARNING: only %.0f %% of the connections resumed: not a resumption figure"
                      % ("", 100 * share))
    for mine, other in (("certmagic", "static"), ("certmagic", "caddy"), ("netty-jdk", "caddy"),
                        ("netty-boringssl", "caddy"), ("netty-jdk", "certmagic")):
        if mine in servers and other in servers:
            print("  %s/%-7s %.3f   per server core: %.3f" % (mine, other, med[(mine, m)] / med[(other, m)],
                                                          med[(mine, m, "core")] / med[(other, m, "core")]))
print("resumed/full handshakes/s (medians)")
for s in servers:
    print("  %-10s %.2f" % (s, med[(s, "resume")] / med[(s, "full")]))
print("A client CPU near 1.00 means that figure is bound by the client (its core is full), not by the server;")
print("the client ceiling is what its CPU per connection would allow on one full core. 'per server core' is the")
print("figure divided by the server's CPU use (connections or requests per second of server CPU): comparable even")
print("when the client, not the server, limited a run, as long as the server scales linearly up to one core.")
PY
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
