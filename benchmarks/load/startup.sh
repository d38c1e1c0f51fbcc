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
#   STARTUP_MODES="jar"             how the JVM starts, each measured in the same session, one after another:
#     jar        java -jar (the default)
#     aot        Spring AOT mode: the jar is built with process-aot, run with -Dspring.aot.enabled=true
#     cds        Spring Boot's CDS recipe: -Djarmode=tools extract, a training run with
#                -XX:ArchiveClassesAtExit and -Dspring.context.exit=onRefresh, then -XX:SharedArchiveFile
#     aot+cds    both
#     aotcache   JDK 25's AOT cache (JEP 483/514) on the extracted jar: training with -XX:AOTCacheOutput, run
#                with -XX:AOTCache; needs STARTUP_JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#     aot+aotcache  both
#   STARTUP_SKIP_BUILD=1            use the jars already built
#   STARTUP_JAR=path/to/sample.jar  measure another build of the sample app (e.g. the one before a change)
#   MAVEN_ARGS=-o                   Maven offline (Maven reads MAVEN_ARGS itself)
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

count="${STARTUP_COUNT:-10000}"
modes="${STARTUP_MODES:-jar}"
java25="${STARTUP_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
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
  # Tomcat named, as naming the aot profile switches off the active-by-default one. An AOT-processed jar runs its
  # generated context only with -Dspring.aot.enabled=true, so the same jar serves every mode.
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support,benchmarks -am package -DskipTests -Ptomcat -Paot
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
# The arguments every start gets; the mode adds JVM options and may run an extracted copy of the jar.
app_args() {
  printf '%s\n' --spring.config.additional-location="file:$work/domains.properties" \
    --server.address=127.0.0.1 --server.port="$1" --certmagic.http.port=-1 \
    --certmagic.key-type=ec256 --certmagic.ca="$PEBBLE_DIRECTORY" \
    --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
    --certmagic.email=bench@certmagic.example --certmagic.agreed=true \
    --certmagic.storage.path="$work/storage" --logging.level.dev.certmagic=info
}

# Sets mode_java, mode_opts and mode_jar for a mode, preparing what it needs (extraction, training run).
prepare_mode() {
  local mode="$1" extracted="$work/extracted" spring_aot=()
  mode_java="$java_bin"
  mode_jar="$jar"
  mode_opts=()
  case "$mode" in aot | aot+*) spring_aot=(-Dspring.aot.enabled=true) ;; esac
  case "$mode" in
    jar) ;;
    aot) mode_opts=("${spring_aot[@]}") ;;
    cds | aot+cds | aotcache | aot+aotcache)
      case "$mode" in *aotcache) mode_java="$java25" ;; esac
      mode_java="$(command -v "$mode_java" || true)"
      [ -n "$mode_java" ] && [ -x "$mode_java" ] || fail "mode $mode needs a java at ${java25}"
      rm -rf "$extracted"
      "$mode_java" -Djarmode=tools -jar "$jar" extract --destination "$extracted" >/dev/null
      mode_jar="$(ls "$extracted"/*.jar | head -n 1)"
      local cache training_opts run_opts training_args
      case "$mode" in
        *cds) cache="$work/app.jsa"; training_opts=(-XX:ArchiveClassesAtExit="$cache")
              run_opts=(-XX:SharedArchiveFile="$cache" -Xshare:auto) ;;
        *) cache="$work/app.aot"; training_opts=(-XX:AOTCacheOutput="$cache"); run_opts=(-XX:AOTCache="$cache") ;;
      esac
      rm -f "$cache"
      mapfile -t training_args < <(app_args "$(free_port)")
      echo "    training run for $mode"
      "$mode_java" ${spring_aot[@]+"${spring_aot[@]}"} "${training_opts[@]}" -Dspring.context.exit=onRefresh \
        -jar "$mode_jar" "${training_args[@]}" >"$work/training-$mode.log" 2>&1 \
        || fail "training run for $mode failed" "$work/training-$mode.log"
      [ -f "$cache" ] || fail "the training run for $mode wrote no $cache" "$work/training-$mode.log"
      mode_opts=(${spring_aot[@]+"${spring_aot[@]}"} "${run_opts[@]}") ;;
    *) fail "unknown STARTUP_MODES entry: $mode" ;;
  esac
}

: >"$work/results.jsonl"
for mode in $modes; do
  prepare_mode "$mode"
  echo "==> $mode: $runs runs of $mode_jar ($("$mode_java" -version 2>&1 | head -n 1)), $count names"
  for r in $(seq 1 "$runs"); do
    port="$(free_port)"
    random_name="${names[$((RANDOM * 32768 + RANDOM)) % count]}"
    mapfile -t args < <(app_args "$port")
    # In the background and tracked, so that the trap stops it (and it stops the server) on Ctrl-C.
    python3 "$load_dir/startup_probe.py" --port "$port" --end-name "$end_name" \
      --random-name "$random_name" --ready-line "every configured name has a valid certificate" \
      --log "$work/app-$mode-run$r.log" --timeout "$timeout" -- \
      "$mode_java" ${mode_opts[@]+"${mode_opts[@]}"} -jar "$mode_jar" "${args[@]}" >"$work/run$r.json" &
    probe=$!
    pids+=("$probe")
    wait "$probe" || fail "$mode run $r failed" "$work/app-$mode-run$r.log"
    line="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["mode"]=sys.argv[2]; print(json.dumps(r))' \
      "$work/run$r.json" "$mode")"
    echo "    run $r ($end_name, $random_name): $line"
    echo "$line" >>"$work/results.jsonl"
  done
done

orders_after="$(grep -c 'order-plz\|new-order' "$PEBBLE_LOG" || true)"
[ "$orders_after" = "$orders_before" ] || fail "Pebble received $((orders_after - orders_before)) order(s): \
a stored certificate was not used (log: $PEBBLE_LOG)"
echo "    Pebble received no order (its log: $PEBBLE_LOG)"

echo "==> Results, seconds: median [min-max] over $runs runs per mode, $count stored certificates"
python3 - "$work/results.jsonl" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
modes = list(dict.fromkeys(r["mode"] for r in rows))
first = {}
for mode in modes:
    print("  %s" % mode)
    mine = [r for r in rows if r["mode"] == mode]
    for key, label in (("jvm_to_listen", "JVM start -> listening"),
                       ("jvm_to_end", "JVM start -> end name served"),
                       ("listen_to_end", "listening -> end name served"),
                       ("listen_to_ready", "listening -> all loaded (ready)"),
                       ("jvm_to_ready", "JVM start -> all loaded")):
        v = [r[key] if key in r else r["jvm_to_listen"] + r["listen_to_end"] for r in mine]
        first.setdefault(key, statistics.median(v))
        print("    %-34s %7.3f  [%.3f-%.3f]  x%.2f of %s  runs: %s" % (label, statistics.median(v), min(v), max(v),
              statistics.median(v) / first[key] if first[key] else 0, modes[0], " ".join("%.3f" % x for x in v)))
EOF
echo "    nproc=$(nproc) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
