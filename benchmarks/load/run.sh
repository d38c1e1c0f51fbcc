#!/usr/bin/env bash
# Load benchmark, side by side on loopback, with the same ECDSA P-256 certificate from the same Pebble:
#   (a) certmagic  the sample app with certmagic (it obtains the certificate from Pebble)
#   (b) static     the same jar with --certmagic.enabled=false and Spring Boot's server.ssl PEM pointing at the
#                  certificate and key that (a) stored
#   (c) caddy      Caddy (Debian package) with `tls cert key` on the same PEM, `respond "Hello"`
#   (d) netty-jdk        the sample app on WebFlux / Reactor Netty (profile webflux), certmagic with
#                        certmagic.tls.provider=jdk, loading (a)'s certificate from the same storage (no order)
#   (e) netty-boringssl  the same with certmagic.tls.provider=boringssl (netty-tcnative)
#   (f) netty-static-jdk, (g) netty-static-boringssl   the WebFlux jar with certmagic off and Spring Boot's
#                        server.ssl PEM (as (b)): Reactor Netty's own TLS with the JDK engine / with BoringSSL
#   (h) conscrypt        (a) with certmagic.tls.provider=boringssl: Tomcat's HTTPS through Conscrypt 2.5.2 (BoringSSL),
#                        the Conscrypt jar on the class path
#   (i) static-conscrypt (b) with Conscrypt first among the JVM's security providers (Boot's server.ssl has no switch
#                        of its own), the baseline for (h)
# Each starts alone, on the certificate already stored (a restarts after its order), and the time from process start
# to its first served handshake is reported, as is its resident memory (VmRSS) after all the load.
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
#   BENCH_ROUNDS=3  BENCH_SECONDS=8  BENCH_WARMUP_SECONDS=30  BENCH_PROCS=8  BENCH_WRK_CONNECTIONS=32
#     (the warm-up is per load and server: a JVM pinned to one core needs about half a minute of full handshakes
#     before its compiled code settles; with 8 s the first rounds of a Netty server ran at a third of its speed)
#   BENCH_SKIP_BUILD=1   use the jars already built
#   BENCH_NAME=bench.certmagic.example
#   BENCH_SERVERS="certmagic static caddy netty-jdk ..."   which of them to measure (default: all; a, b, c always start)
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
warmup="${BENCH_WARMUP_SECONDS:-30}"
procs="${BENCH_PROCS:-8}"
wrk_conns="${BENCH_WRK_CONNECTIONS:-32}"
load_dir="benchmarks/load"
read -r -a servers <<<"${BENCH_SERVERS:-certmagic static caddy netty-jdk netty-boringssl netty-static-jdk netty-static-boringssl conscrypt static-conscrypt}"
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

# --- starting the servers, one at a time ----------------------------------------------------------------------
# Each server starts alone on CPU 0 (the previous one is idle by then), so its time from process start to the first
# served handshake is its own. spawned[s] is when the shell started it; first_handshake waits for a TLS handshake
# with the benchmark's SNI (polled every 20 ms, chain not verified: the test CA is not trusted) and stores the
# seconds since then in started[s].
declare -A port spid spawned started
first_handshake() { # server log
  started[$1]="$(python3 - "${port[$1]}" "$name" "${spawned[$1]}" "${spid[$1]}" <<'PY'
import os, socket, ssl, sys, time
port, name, spawned, pid = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
deadline = time.time() + 180
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
            with ctx.wrap_socket(raw, server_hostname=name) as tls:
                if tls.getpeercert(binary_form=True):
                    print("%.2f" % (time.time() - spawned))
                    sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server stopped")
    time.sleep(0.02)
sys.exit("no handshake within 180 s")
PY
)" || fail "$1 served no handshake (log: $2)" "$2"
  wait_https "${spid[$1]}" "${port[$1]}" "$2" # and answers HTTP over it
  echo "    $1: first handshake ${started[$1]} s after the process started"
}
launch() { # server log command...: starts the command on CPU 0 in the background
  local s="$1" log="$2"
  shift 2
  spawned[$s]="$(date +%s.%N)"
  taskset -c 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  spid[$s]=$!
}
certmagic_args() { # port: the sample app's certmagic flags (certificate from Pebble, or from storage when present)
  printf '%s\n' --server.address=127.0.0.1 --server.port="$1" \
    --certmagic.domains="$name" --certmagic.key-type=ec256 \
    --certmagic.ca="$PEBBLE_DIRECTORY" \
    --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
    --certmagic.email=bench@certmagic.example --certmagic.agreed=true \
    --certmagic.storage.path="$work/storage" \
    --logging.level.dev.certmagic=warn
}
static_args() { # port: Spring Boot's own server.ssl PEM on (a)'s certificate, certmagic off
  # The sample's readiness group names the certificates health contributor, which does not exist without
  # certmagic: without the validate-group-membership flag the app refuses to start.
  printf '%s\n' --certmagic.enabled=false --management.endpoint.health.validate-group-membership=false \
    --server.address=127.0.0.1 --server.port="$1" \
    --server.ssl.certificate="file:$crt" --server.ssl.certificate-private-key="file:$key"
}

echo "==> Starting Pebble on loopback"
start_pebble "$work/pebble" "$work/pebble-main.log"

# (a) first obtains the certificate from Pebble (Pebble validates TLS-ALPN-01 on its port), then restarts on the
# stored certificate, so that its start time is a restart's, like everyone else's.
port[certmagic]="$PEBBLE_TLS_PORT"
echo "==> (a) certmagic on ${port[certmagic]}, certificate from Pebble ($("$java_bin" -version 2>&1 | head -n 1)) ${BENCH_JAVA_OPTS:-}"
mapfile -t args < <(certmagic_args "${port[certmagic]}")
launch certmagic "$work/certmagic-order.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "${args[@]}" \
  --certmagic.http.port="$PEBBLE_HTTP_PORT"
wait_https "${spid[certmagic]}" "${port[certmagic]}" "$work/certmagic-order.log"
crt=""
for _ in $(seq 1 60); do
  crt="$(find "$work/storage/certificates" -name "$name.crt" 2>/dev/null | head -n 1)"
  [ -n "$crt" ] && break
  sleep 1
done
key="${crt%.crt}.key"
[ -f "$crt" ] && [ -f "$key" ] || fail "no $name.crt/.key in $work/storage/certificates"
openssl x509 -in "$crt" -noout -text | grep -q 'prime256v1\|P-256' || fail "the certificate is not ECDSA P-256"
served="$(openssl s_client -connect "127.0.0.1:${port[certmagic]}" -servername "$name" </dev/null 2>/dev/null \
  | openssl x509 -noout -fingerprint -sha256)"
echo "    certificate: $crt ($served)"
kill "${spid[certmagic]}"
wait "${spid[certmagic]}" 2>/dev/null || true
launch certmagic "$work/certmagic.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "${args[@]}" \
  --certmagic.http.port=-1
first_handshake certmagic "$work/certmagic.log"

port[static]="$(free_port)"
echo "==> (b) static server.ssl PEM on ${port[static]}"
mapfile -t args < <(static_args "${port[static]}")
launch static "$work/static.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "${args[@]}"
first_handshake static "$work/static.log"

port[caddy]="$(free_port)"
echo "==> (c) Caddy $(caddy version | cut -d' ' -f1) on ${port[caddy]}"
mkdir -p "$work/caddy-home"
cat >"$work/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $work/caddy-home/data
}
https://$name:${port[caddy]} {
	bind 127.0.0.1
	tls $crt $key
	respond "Hello"
}
EOF
HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home/data" XDG_CONFIG_HOME="$work/caddy-home/config" \
  launch caddy "$work/caddy.log" caddy run --config "$work/Caddyfile" --adapter caddyfile
first_handshake caddy "$work/caddy.log"

for engine in jdk boringssl; do
  wants "netty-$engine" || continue
  [ -f "$webflux_jar" ] || fail "no $webflux_jar: build without BENCH_SKIP_BUILD once"
  s="netty-$engine"
  port[$s]="$(free_port)"
  echo "==> ($s) certmagic on Reactor Netty, certmagic.tls.provider=$engine, on ${port[$s]}"
  mapfile -t args < <(certmagic_args "${port[$s]}")
  launch "$s" "$work/$s.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$webflux_jar" "${args[@]}" \
    --certmagic.http.port=-1 --certmagic.tls.provider="$engine"
  first_handshake "$s" "$work/$s.log"
done
# Spring Boot's own server.ssl on Reactor Netty, the "same server with a static keystore" for both engines:
# Reactor Netty takes OpenSSL (here netty-tcnative's BoringSSL) when it loads, and the JDK's engine when
# -Dio.netty.handler.ssl.noOpenSsl=true.
for engine in jdk boringssl; do
  s="netty-static-$engine"
  wants "$s" || continue
  [ -f "$webflux_jar" ] || fail "no $webflux_jar: build without BENCH_SKIP_BUILD once"
  port[$s]="$(free_port)"
  echo "==> ($s) Spring Boot's server.ssl PEM on Reactor Netty ($engine) on ${port[$s]}"
  mapfile -t args < <(static_args "${port[$s]}")
  no_openssl=()
  [ "$engine" = jdk ] && no_openssl=(-Dio.netty.handler.ssl.noOpenSsl=true)
  launch "$s" "$work/$s.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} ${no_openssl[@]+"${no_openssl[@]}"} \
    -jar "$webflux_jar" "${args[@]}"
  first_handshake "$s" "$work/$s.log"
done
# Conscrypt (BoringSSL behind the JSSE API) on Tomcat: certmagic through its own switch; Boot's static server.ssl,
# which has none, with Conscrypt first in the JVM's provider list (java.security.properties), which makes every
# SSLContext.getInstance("TLS") in that JVM Conscrypt's.
if wants conscrypt || wants static-conscrypt; then
  ./mvnw -B -q -ntp dependency:copy -Dartifact=org.conscrypt:conscrypt-openjdk-uber:2.5.2 \
    -DoutputDirectory="$work/conscrypt" >/dev/null
  conscrypt_jar="$work/conscrypt/conscrypt-openjdk-uber-2.5.2.jar"
  {
    echo "security.provider.1=org.conscrypt.OpenSSLProvider"
    i=2
    for p in SUN SunRsaSign SunEC SunJSSE SunJCE SunJGSS SunSASL XMLDSig SunPCSC JdkLDAP JdkSASL SunPKCS11; do
      echo "security.provider.$i=$p"
      i=$((i + 1))
    done
  } >"$work/conscrypt.security"
fi
for s in conscrypt static-conscrypt; do
  wants "$s" || continue
  port[$s]="$(free_port)"
  echo "==> ($s) Tomcat on Conscrypt 2.5.2 on ${port[$s]}"
  if [ "$s" = conscrypt ]; then
    mapfile -t args < <(certmagic_args "${port[$s]}")
    args+=(--certmagic.http.port=-1 --certmagic.tls.provider=boringssl)
    providers=()
  else
    mapfile -t args < <(static_args "${port[$s]}")
    providers=(-Djava.security.properties="$work/conscrypt.security")
  fi
  launch "$s" "$work/$s.log" "$java_bin" ${java_opts[@]+"${java_opts[@]}"} ${providers[@]+"${providers[@]}"} \
    -cp "$conscrypt_jar:$jar" org.springframework.boot.loader.launch.JarLauncher "${args[@]}"
  first_handshake "$s" "$work/$s.log"
  jcmd "${spid[$s]}" GC.class_histogram | grep -q 'org\.conscrypt\.ConscryptEngine' ||
    fail "$s does not handshake with Conscrypt (no ConscryptEngine instance)" "$work/$s.log"
done
for s in "${!port[@]}"; do
  fp="$(openssl s_client -connect "127.0.0.1:${port[$s]}" -servername "$name" </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256)"
  [ "$fp" = "$served" ] || fail "$s on port ${port[$s]} serves another certificate ($fp)"
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
  curl -sk --max-time 5 --resolve "$name:${port[certmagic]}:127.0.0.1" \
    "https://$name:${port[certmagic]}/actuator/metrics/certmagic.handshakes" |
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

echo "==> Start and memory: seconds from process start to the first served handshake; VmRSS after all the load"
for s in "${servers[@]}"; do
  printf '  %-22s %6s s  %6d MiB\n' "$s" "${started[$s]}" \
    "$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/${spid[$s]}/status")"
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
        print("  %-22s %9.1f  [%.1f-%.1f]  runs: %s%s" % (s, med[(s, m)], min(v), max(v),
                                                        " ".join("%.1f" % x for x in v), extra))
        if m == "resume":
            share = sum(int(kv["resumed"]) for kv in sel) / max(1, sum(int(kv["conns"]) for kv in sel))
            if share < 0.95:
                print("  %-10s WARNING: only %.0f %% of the connections resumed: not a resumption figure"
                      % ("", 100 * share))
    for mine, other in (("certmagic", "static"), ("certmagic", "caddy"), ("netty-jdk", "caddy"),
                        ("netty-boringssl", "caddy"), ("netty-jdk", "certmagic"),
                        ("netty-jdk", "netty-static-jdk"), ("netty-boringssl", "netty-static-boringssl"),
                        ("conscrypt", "certmagic"), ("static-conscrypt", "static"), ("conscrypt", "caddy")):
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
