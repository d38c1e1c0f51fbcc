#!/usr/bin/env bash
# Does an OpenSSL-backed TLS path pay on Tomcat? Side by side on loopback, with the same ECDSA P-256 certificate
# (a local CA and a leaf made with openssl, chain of two like an ACME certificate):
#   jsse     the sample app, Spring Boot's static server.ssl PEM, Tomcat's default JSSE implementation
#   openssl  the same jar and flags, plus a benchmark-only auto-configuration (tomcat-openssl/, put on the Boot
#            loader's loader.path with tomcat-coyote-ffm) that switches the connector to Tomcat's OpenSSL over
#            the JDK's FFM API (Java 22+, libssl 3)
#   caddy    Caddy (Debian package) with `tls cert key` on the same PEM, `respond "Hello"`
# and measures, with h2load (nghttp2, C + OpenSSL) as the client:
#   full handshakes/s  --h1, Connection: close, a new TLS session per connection. h2load 1.52 keeps its SSL
#                      object across reconnects and resumes the previous session; no-resume.c (LD_PRELOAD)
#                      drops it before each handshake. Checked against Caddy's access log (tls.resumed).
#   resumed handshakes/s  the same without the shim (h2load resumes; the check prints the resumed share)
#   keep-alive req/s   wrk -t1 -c32 over HTTP/1.1 with resolve.lua, as run.sh (h2load -D hangs on keep-alive)
# Servers are pinned to CPU 0, the client to CPU 1; rounds alternate between the servers.
#
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   JDK 22+ for both Spring Boot servers
#   BENCH_ROUNDS=3  BENCH_SECONDS=8 (keep-alive)  BENCH_WARMUP_SECONDS=10  BENCH_KA_CONNECTIONS=32
#   BENCH_HS_REQUESTS=5000 connections per handshake measurement (and warm-up)  BENCH_CONCURRENCY=16
#   BENCH_SKIP_BUILD=1   use the sample jar already built
#   BENCH_FFM_VERSION    tomcat-coyote-ffm version (default: the app's Tomcat version, else 10.1.34, the newest
#                        one this machine's Maven registry has; the script says which it used)
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

name="bench.certmagic.example"
java_bin="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
rounds="${BENCH_ROUNDS:-3}"
seconds="${BENCH_SECONDS:-8}"
warmup="${BENCH_WARMUP_SECONDS:-10}"
concurrency="${BENCH_CONCURRENCY:-16}"
hs_requests="${BENCH_HS_REQUESTS:-5000}"
ka_conns="${BENCH_KA_CONNECTIONS:-32}"
load_dir="benchmarks/load"

# --- tools ----------------------------------------------------------------------------------------------------
need=()
command -v caddy >/dev/null 2>&1 || need+=(caddy)
command -v h2load >/dev/null 2>&1 || need+=(nghttp2-client)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
install_packages ${need[@]+"${need[@]}"}
require_two_cpus
java_feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
[ "${java_feature:-0}" -ge 22 ] || { echo "openssl.sh: BENCH_JAVA must be Java 22+ (found $java_feature)" >&2; exit 1; }

start_work certmagic-openssl

# --- build: sample app, tomcat-coyote-ffm, the benchmark customizer, the h2load shim ------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  echo "==> Building the sample app"
  ./mvnw -B -q -ntp -pl sample-app -am package -DskipTests
fi
jar="$(sample_jar)"
mkdir -p "$work/app" "$work/ext" "$work/classes/META-INF/spring"
(cd "$work/app" && unzip -q "$OLDPWD/$jar" 'BOOT-INF/lib/*')
tomcat_version="$(ls "$work/app/BOOT-INF/lib" | sed -n 's/^tomcat-embed-core-\(.*\)\.jar$/\1/p')"
ffm_jar=""
for v in ${BENCH_FFM_VERSION:-$tomcat_version 10.1.34}; do
  if ./mvnw -B -q -ntp dependency:copy -Dartifact="org.apache.tomcat:tomcat-coyote-ffm:$v" \
      -DoutputDirectory="$work/ext" >"$work/ffm-$v.log" 2>&1; then
    ffm_jar="$work/ext/tomcat-coyote-ffm-$v.jar"
    break
  fi
  echo "    tomcat-coyote-ffm $v: not in the Maven registry"
done
[ -n "$ffm_jar" ] || fail "no tomcat-coyote-ffm jar could be resolved"
echo "    Tomcat $tomcat_version with $(basename "$ffm_jar")"
lib_cp="$(ls "$work"/app/BOOT-INF/lib/*.jar | tr '\n' ':')"
"$(dirname "$java_bin")/javac" --release 17 -proc:none -cp "$lib_cp" -d "$work/classes" \
  "$load_dir/tomcat-openssl/BenchTomcatOpenSsl.java"
echo "dev.certmagic.bench.openssl.BenchTomcatOpenSsl" \
  >"$work/classes/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"
(cd "$work/classes" && "$(dirname "$java_bin")/jar" cf "$work/ext/bench-tomcat-openssl.jar" .)
gcc -shared -fPIC -O2 -Wall -o "$work/no-resume.so" "$load_dir/no-resume.c" -ldl

# --- certificate: a local CA and an ECDSA P-256 leaf for $name ------------------------------------------------
pki="$work/pki"
mkdir -p "$pki"
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/ca.key"
openssl req -x509 -new -key "$pki/ca.key" -subj /CN=bench-ca -days 7 -out "$pki/ca.crt"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$pki/leaf.key"
openssl req -new -key "$pki/leaf.key" -subj "/CN=$name" -out "$pki/leaf.csr"
printf 'subjectAltName=DNS:%s\n' "$name" >"$pki/ext"
openssl x509 -req -in "$pki/leaf.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 7 \
  -extfile "$pki/ext" -out "$pki/leaf.crt" 2>/dev/null
cat "$pki/leaf.crt" "$pki/ca.crt" >"$pki/chain.crt"
crt="$pki/chain.crt"
key="$pki/leaf.key"

# --- servers --------------------------------------------------------------------------------------------------
declare -A port
start_boot() { # label extra-args...
  local label="$1"
  shift
  port[$label]="$(free_port)"
  taskset -c 0 "$java_bin" --enable-native-access=ALL-UNNAMED "$@" \
    --certmagic.enabled=false --management.endpoint.health.validate-group-membership=false \
    --server.address=127.0.0.1 --server.port="${port[$label]}" \
    --server.ssl.certificate="file:$crt" --server.ssl.certificate-private-key="file:$key" \
    >"$work/$label.log" 2>&1 &
  pids+=($!)
  eval "pid_$label=$!"
}
echo "==> Starting jsse, openssl ($("$java_bin" -version 2>&1 | head -n 1)) and caddy ($(caddy version | cut -d' ' -f1))"
start_boot jsse -jar "$jar"
start_boot openssl -Dloader.path="$work/ext" -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher
caddy_conf() { # port log-line
  cat <<EOF
{
	admin off
	auto_https off
	storage file_system $work/caddy-home/data
}
https://$name:$1 {
	bind 127.0.0.1
	tls $crt $key
	$2
	respond "Hello"
}
EOF
}
run_caddy() { # label port config
  mkdir -p "$work/caddy-home"
  echo "$3" >"$work/Caddyfile-$1"
  HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home/data" XDG_CONFIG_HOME="$work/caddy-home/config" \
    taskset -c 0 caddy run --config "$work/Caddyfile-$1" --adapter caddyfile >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
}
port[caddy]="$(free_port)"
run_caddy caddy "${port[caddy]}" "$(caddy_conf "${port[caddy]}" "")"
# shellcheck disable=SC2154
{ wait_https "$pid_jsse" "${port[jsse]}" "$work/jsse.log"
  wait_https "$pid_openssl" "${port[openssl]}" "$work/openssl.log"
  wait_https "$pid_caddy" "${port[caddy]}" "$work/caddy.log"; }
grep -q 'https-opensslffm' "$work/openssl.log" || fail "the openssl server does not use Tomcat's FFM OpenSSL" \
  "$work/openssl.log"
grep -q 'https-opensslffm' "$work/jsse.log" && fail "the jsse server uses OpenSSL" "$work/jsse.log"
echo "    $(grep -o 'OpenSSL successfully initialized.*' "$work/openssl.log" | head -n 1)"
served=""
for s in jsse openssl caddy; do
  fp="$(openssl s_client -connect "127.0.0.1:${port[$s]}" -servername "$name" </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256)"
  [ -z "$served" ] && served="$fp"
  [ "$fp" = "$served" ] || fail "$s serves another certificate ($fp)"
done
echo "    all three serve the same certificate ($served)"

# --- the client: is every connection a full handshake? (Caddy's access log says per request) ---------------
check_port="$(free_port)"
run_caddy caddycheck "$check_port" "$(caddy_conf "$check_port" "log {
		output stderr
	}")"
# shellcheck disable=SC2154
wait_https "$pid_caddycheck" "$check_port" "$work/caddycheck.log"
resumed_share() { # preload: prints "resumed/total" over 200 connections (from Caddy's access log lines)
  local before r t
  before="$(wc -l <"$work/caddycheck.log")"
  LD_PRELOAD="$1" taskset -c 1 h2load --h1 -n 200 -c 4 -H 'Connection: close' \
    --connect-to="127.0.0.1:$check_port" "https://$name/" >/dev/null 2>&1
  sleep 1
  r="$(tail -n +"$((before + 1))" "$work/caddycheck.log" | grep -c '"resumed":true' || true)"
  t="$(tail -n +"$((before + 1))" "$work/caddycheck.log" | grep -c '"resumed":' || true)"
  echo "$r/$t"
}
full_check="$(resumed_share "$work/no-resume.so")"
plain_check="$(resumed_share "")"
echo "    resumed connections out of 200: with no-resume.so $full_check, plain h2load $plain_check"
[ "${full_check%%/*}" = "0" ] && [ "${full_check##*/}" -ge 190 ] \
  || fail "the full-handshake client resumed sessions ($full_check)"
kill "$pid_caddycheck" 2>/dev/null || true

# --- measure --------------------------------------------------------------------------------------------------
results="$work/results.tsv"
: >"$results"
h2() { # server _ mode(full|resumed) -> "conns/s client_cpu=... succeeded=ok/total" (-n: h2load -D hangs here)
  local preload=""
  [ "$3" = full ] && preload="$work/no-resume.so"
  local out rps ok cpu
  out="$( { TIMEFORMAT='%R %U %S'; time LD_PRELOAD="$preload" taskset -c 1 timeout 300 h2load --h1 \
    -n "$hs_requests" -c "$concurrency" -H 'Connection: close' --connect-to="127.0.0.1:${port[$1]}" "https://$name/" 2>&1; \
    } 2>&1)" || true
  rps="$(awk '/^finished in/ {print $4}' <<<"$out")"
  # Tomcat's status line has no reason phrase, which h2load 1.52 counts as "failed" although the responses
  # arrive: count completed connections and the body bytes (the sample answers 21 bytes, Caddy 5).
  ok="$(awk '/^requests:/ {print $6 "/" $2} /^traffic:/ {gsub(/[()]/, "", $(NF-1)); print "data=" $(NF-1)}' <<<"$out" | tr '\n' ' ')"
  cpu="$(tail -n 1 <<<"$out" | awk '{ if ($1 > 0) printf "%.2f", ($2 + $3) / $1; else print "?" }')"
  echo "${rps:-0} client_cpu=$cpu done=${ok:-none}"
}
ka() { # server seconds -> "req/s errors" (wrk, as run.sh: h2load -D hangs on keep-alive here)
  local out
  out="$(taskset -c 1 wrk -t1 -c"$ka_conns" -d"${2}s" -s "$load_dir/resolve.lua" "https://$name:${port[$1]}/")"
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") client_cpu=? $(awk '/Non-2xx|Socket errors/' <<<"$out" \
    | tr ' \n' '_ ')"
}
cpu_ticks() { # pid -> utime+stime in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}
measure() { # server seconds mode -> "rate client_cpu=... ... server_ms=<server CPU ms per connection/request>"
  local pid t0 line t1 n
  pid="$(eval echo "\$pid_$1")"
  t0="$(cpu_ticks "$pid")"
  if [ "$3" = keepalive ]; then line="$(ka "$1" "$2")"; else line="$(h2 "$1" "$2" "$3")"; fi
  t1="$(cpu_ticks "$pid")"
  # Server CPU per handshake is less sensitive than throughput to other load on CPU 0 (a shared machine).
  n="$hs_requests"
  [ "$3" = keepalive ] && n="$(awk -v r="${line%% *}" -v s="$2" 'BEGIN {printf "%d", r * s}')"
  echo "$line server_ms=$(awk -v d="$((t1 - t0))" -v n="$n" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.3f", d * 1000 / hz / n; else print "?" }')"
}
echo "==> Commands (server CPU 0, client CPU 1; PORT per server):"
echo "    full:      LD_PRELOAD=no-resume.so h2load --h1 -n $hs_requests -c $concurrency -H 'Connection: close' --connect-to=127.0.0.1:PORT https://$name/"
echo "    resumed:   h2load --h1 -n $hs_requests -c $concurrency -H 'Connection: close' --connect-to=127.0.0.1:PORT https://$name/"
echo "    keepalive: wrk -t1 -c$ka_conns -d${seconds}s -s $load_dir/resolve.lua https://$name:PORT/"
echo "    server CPU ms each: (utime+stime of the server process over the run) / connections or requests"
echo "==> Warm-up: $hs_requests full handshakes and ${warmup}s of keep-alive per server"
for s in jsse openssl caddy; do
  for m in full keepalive; do measure "$s" "$warmup" "$m" >/dev/null; done
done
for r in $(seq 1 "$rounds"); do
  for s in jsse openssl caddy; do
    for m in full resumed keepalive; do
      line="$(measure "$s" "$seconds" "$m")"
      echo "    round $r $s $m: $line"
      printf '%s\t%s\t%s\t%s\n' "$s" "$r" "$m" "$line" >>"$results"
    done
  done
done

echo "==> Results (median [min-max] over $rounds rounds of ${seconds}s; servers on CPU 0, client on CPU 1)"
python3 - "$results" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
labels = (("full", "full handshakes/s (no resumption)"), ("resumed", "resumed handshakes/s"),
          ("keepalive", "keep-alive req/s"))
for metric, label in labels:
    print(label)
    med = {}
    for s in ("jsse", "openssl", "caddy"):
        runs = [r[3].split() for r in rows if r[0] == s and r[2] == metric]
        v = [float(x[0]) for x in runs]
        cpu = [x[1].split("=")[1] for x in runs]
        srv = [float(x[-1].split("=")[1]) for x in runs if x[-1].startswith("server_ms=") and "?" not in x[-1]]
        med[s] = statistics.median(v)
        print("  %-8s %9.1f  [%.1f-%.1f]  runs: %s  client CPU: %s  server CPU ms each: %s (median %s)" % (
            s, med[s], min(v), max(v), " ".join("%.1f" % x for x in v), " ".join(cpu),
            " ".join("%.3f" % x for x in srv), "%.3f" % statistics.median(srv) if srv else "?"))
    print("  openssl/jsse %.2f   openssl/caddy %.2f   jsse/caddy %.2f" % (
        med["openssl"] / med["jsse"], med["openssl"] / med["caddy"], med["jsse"] / med["caddy"]))
EOF
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
