#!/usr/bin/env bash
# Startup with many certificates in storage (issue 8): a restart of the sample app whose storage already holds a
# valid certificate for each of N configured names (default 10,000). No CA call is needed; the script checks that
# Pebble received no order. Per run (startup_probe.py starts the JVM itself and polls on 127.0.0.1):
#   JVM start -> listening          first TCP connect that succeeds
#   listening -> end name served    first TLS handshake whose certificate names a name near the END of the list
#   listening -> random name served same, for a random configured name (another one every run)
#   listening -> all loaded         the log line certmagic writes when every configured name has a certificate
#                                   in the cache (it then turns readiness to ACCEPTING_TRAFFIC)
# Prints each run and then median [min-max] over the runs.
#
#   STARTUP_COUNT=10000  STARTUP_RUNS=3  STARTUP_JAVA=java  STARTUP_TIMEOUT=300
#   STARTUP_SKIP_BUILD=1            use the jars already built
#   STARTUP_JAR=path/to/sample.jar  measure another build of the sample app (e.g. the one before a change)
#   MAVEN_ARGS=-o                   Maven offline (Maven reads MAVEN_ARGS itself)
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

count="${STARTUP_COUNT:-10000}"
runs="${STARTUP_RUNS:-3}"
java_bin="${STARTUP_JAVA:-java}"
timeout="${STARTUP_TIMEOUT:-300}"
load_dir="benchmarks/load"

# --- tools ----------------------------------------------------------------------------------------------------
scripts/ensure-tools
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
install_packages ${need[@]+"${need[@]}"}

start_work certmagic-startup

# --- build ----------------------------------------------------------------------------------------------------
if [ "${STARTUP_SKIP_BUILD:-0}" != "1" ]; then
  echo "==> Building the sample app, the Pebble launcher and the generator"
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support,benchmarks -am package -DskipTests
fi
pebble_classpath
jar="${STARTUP_JAR:-$(sample_jar)}"
[ -f "$jar" ] || fail "no sample app jar at $jar"

# --- Pebble ---------------------------------------------------------------------------------------------------
echo "==> Starting Pebble on loopback"
start_pebble "$work/pebble" "$work/pebble-main.log"

# --- storage with N certificates --------------------------------------------------------------------------------
echo "==> Storing $count certificates (ECDSA P-256, 90 days, one test CA) for $PEBBLE_DIRECTORY"
java -cp benchmarks/target/benchmarks.jar dev.certmagic.benchmarks.StoredCertificatesGenerator \
  "$work/storage" "$PEBBLE_DIRECTORY" "$count" "$work"
mapfile -t names <"$work/names.txt"
end_name="${names[$((count - 2 > 0 ? count - 2 : 0))]}"   # near the end: the second to last
[ -f "$PEBBLE_LOG" ] || fail "no Pebble log at $PEBBLE_LOG"
orders_before="$(grep -c 'order-plz\|new-order' "$PEBBLE_LOG" || true)"

# --- runs -----------------------------------------------------------------------------------------------------
echo "==> $runs runs of $jar ($("$java_bin" -version 2>&1 | head -n 1)), $count names"
: >"$work/results.jsonl"
for r in $(seq 1 "$runs"); do
  port="$(free_port)"
  random_name="${names[$((RANDOM * 32768 + RANDOM)) % count]}"
  # In the background and tracked, so that the trap stops it (and it stops the server) on Ctrl-C.
  python3 "$load_dir/startup_probe.py" --port "$port" --end-name "$end_name" \
    --random-name "$random_name" --ready-line "every configured name has a valid certificate" \
    --log "$work/app-run$r.log" --timeout "$timeout" -- \
    "$java_bin" -jar "$jar" \
    --spring.config.additional-location="file:$work/domains.properties" \
    --server.address=127.0.0.1 --server.port="$port" --certmagic.http.port=-1 \
    --certmagic.key-type=ec256 --certmagic.ca="$PEBBLE_DIRECTORY" \
    --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
    --certmagic.email=bench@certmagic.example --certmagic.agreed=true \
    --certmagic.storage.path="$work/storage" \
    --logging.level.dev.certmagic=info >"$work/run$r.json" &
  probe=$!
  pids+=("$probe")
  wait "$probe" || fail "run $r failed" "$work/app-run$r.log"
  line="$(cat "$work/run$r.json")"
  echo "    run $r ($end_name, $random_name): $line"
  echo "$line" >>"$work/results.jsonl"
done

orders_after="$(grep -c 'order-plz\|new-order' "$PEBBLE_LOG" || true)"
[ "$orders_after" = "$orders_before" ] || fail "Pebble received $((orders_after - orders_before)) order(s): \
a stored certificate was not used (log: $PEBBLE_LOG)"
echo "    Pebble received no order (its log: $PEBBLE_LOG)"

echo "==> Results, seconds: median [min-max] over $runs runs, $count stored certificates"
python3 - "$work/results.jsonl" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for key, label in (("jvm_to_listen", "JVM start -> listening"),
                   ("listen_to_end", "listening -> end name served"),
                   ("listen_to_random", "listening -> random name served"),
                   ("listen_to_ready", "listening -> all loaded (ready)"),
                   ("jvm_to_ready", "JVM start -> all loaded")):
    v = [r[key] for r in rows]
    print("  %-34s %7.3f  [%.3f-%.3f]  runs: %s" % (label, statistics.median(v), min(v), max(v),
                                                   " ".join("%.3f" % x for x in v)))
EOF
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
