#!/usr/bin/env bash
# TLS configuration scan, side by side on loopback, with the same ECDSA P-256 certificate from the same Pebble:
#   app    the sample app with certmagic (it obtains the certificate from Pebble)
#   caddy  Caddy (Debian package) with `tls cert key` on the same PEM, `respond "Hello"`
# Runs testssl.sh (Debian package) against both, keeps each JSON report, and diffs the findings: every id whose
# finding differs, and, above all, the findings of severity LOW or worse that the app has and Caddy does not (the
# script exits 1 when there is any, 0 otherwise).
#
#   TESTSSL_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   JDK for the sample app (default: java)
#   TESTSSL_JAVA_OPTS="-Djdk.tls.namedGroups=x25519,secp256r1,secp384r1"   JVM options for the sample app
#   TESTSSL_ARGS="--fast"   extra testssl.sh options (default: none, its full default run)
#   TESTSSL_SKIP_BUILD=1    use the jars already built
#   TESTSSL_NAME=tls.certmagic.example
#
# Everything listens on 127.0.0.1 and is stopped on exit. Needs root or sudo only to install missing packages.
set -euo pipefail
source "$(dirname "$0")/../load/lib.sh"
cd "$(dirname "$0")/../.."

name="${TESTSSL_NAME:-tls.certmagic.example}"
java_bin="${TESTSSL_JAVA:-java}"
read -r -a java_opts <<<"${TESTSSL_JAVA_OPTS:-}"
read -r -a testssl_args <<<"${TESTSSL_ARGS:-}"

# --- tools ----------------------------------------------------------------------------------------------------
need=()
command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)
command -v caddy >/dev/null 2>&1 || need+=(caddy)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v curl >/dev/null 2>&1 || need+=(curl)
install_packages ${need[@]+"${need[@]}"}

start_work certmagic-testssl

# --- build ----------------------------------------------------------------------------------------------------
if [ "${TESTSSL_SKIP_BUILD:-0}" != "1" ]; then
  echo "==> Building the sample app and the Pebble launcher"
  # The repackaged jar is not rebuilt when only its dependencies changed: remove it so the scan sees this tree.
  rm -f sample-app/target/certmagic-sample-app-*.jar sample-app/target/certmagic-sample-app-*.jar.original
  ./mvnw -B -q -ntp -pl sample-app,certmagic-test-support -am package -DskipTests -Dmaven.install.skip=true
fi
pebble_classpath
jar="$(sample_jar)"

# --- Pebble, the app, Caddy -----------------------------------------------------------------------------------
echo "==> Starting Pebble on loopback"
start_pebble "$work/pebble" "$work/pebble-main.log"

port_app="$PEBBLE_TLS_PORT"   # Pebble validates TLS-ALPN-01 here
echo "==> app: certmagic on $port_app ($("$java_bin" -version 2>&1 | head -n 1)) ${TESTSSL_JAVA_OPTS:-}"
"$java_bin" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" \
  --server.address=127.0.0.1 --server.port="$port_app" \
  --certmagic.http.port="$PEBBLE_HTTP_PORT" \
  --certmagic.domains="$name" --certmagic.key-type=ec256 \
  --certmagic.ca="$PEBBLE_DIRECTORY" \
  --certmagic.acme.trusted-roots="file:$work/pebble/listener-trust.pem" \
  --certmagic.email=tls@certmagic.example --certmagic.agreed=true \
  --certmagic.storage.path="$work/storage" \
  --logging.level.dev.certmagic=warn \
  >"$work/app.log" 2>&1 &
pids+=($!)
pid_app=$!
wait_https "$pid_app" "$port_app" "$work/app.log"
crt=""
for _ in $(seq 1 60); do
  crt="$(find "$work/storage/certificates" -name "$name.crt" 2>/dev/null | head -n 1)"
  [ -n "$crt" ] && break
  sleep 1
done
key="${crt%.crt}.key"
[ -f "$crt" ] && [ -f "$key" ] || fail "no $name.crt/.key in $work/storage/certificates"

port_caddy="$(free_port)"
echo "==> caddy $(caddy version | cut -d' ' -f1) on $port_caddy, same certificate"
mkdir -p "$work/caddy-home"
cat >"$work/Caddyfile" <<CADDY
{
	admin off
	auto_https off
	storage file_system $work/caddy-home/data
}
https://$name:$port_caddy {
	bind 127.0.0.1
	tls $crt $key
	respond "Hello"
}
CADDY
HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home/data" XDG_CONFIG_HOME="$work/caddy-home/config" \
  caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
pid_caddy=$!
wait_https "$pid_caddy" "$port_caddy" "$work/caddy.log"
for p in "$port_app" "$port_caddy"; do
  fingerprint="$(openssl s_client -connect "127.0.0.1:$p" -servername "$name" </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256)"
  echo "    port $p serves $fingerprint"
  [ "$fingerprint" = "$(openssl x509 -in "$crt" -noout -fingerprint -sha256)" ] || fail "port $p serves another certificate"
done

# --- scan -----------------------------------------------------------------------------------------------------
scan() { # label port
  echo "==> testssl $(testssl --version 2>/dev/null | grep -o 'testssl.sh *[0-9][^ ]*' | head -n 1) against $1 (port $2)"
  # --ip: the name is not in DNS; testssl connects to loopback and still sends the name as SNI.
  testssl --quiet --color 0 --warnings batch --ip 127.0.0.1 ${testssl_args[@]+"${testssl_args[@]}"} \
    --jsonfile "$work/$1.json" --logfile "$work/$1.txt" "https://$name:$2" >/dev/null 2>&1 || true
  [ -s "$work/$1.json" ] || fail "testssl wrote no report for $1" "$work/$1.txt"
}
scan app "$port_app"
scan caddy "$port_caddy"

# --- diff -----------------------------------------------------------------------------------------------------
echo "==> Findings that differ (app | caddy); reports: $work/app.json, $work/caddy.json"
python3 - "$work/app.json" "$work/caddy.json" <<'PY'
import json, sys

RANK = {"OK": 0, "INFO": 0, "DEBUG": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4, "WARN": 1}
# Ids that differ on every run (time, ports) or describe the scan rather than the server.
NOISE = ("scanTime", "scanProblem", "engine_problem", "service", "pre_128cipher", "cert_")


def findings(path):
    with open(path) as f:
        data = json.load(f)
    rows = data if isinstance(data, list) else data.get("scanResult", [])
    found = {}
    for row in rows:
        if not isinstance(row, dict) or "id" not in row:
            continue
        key = row["id"]
        # clientsimulation and cipher ids repeat per protocol; keep them apart
        while key in found:
            key += "+"
        found[key] = (row.get("severity", "INFO"), row.get("finding", "").strip())
    return found


app, caddy = findings(sys.argv[1]), findings(sys.argv[2])
differ = [k for k in sorted(set(app) | set(caddy))
          if not k.startswith(NOISE) and app.get(k, ("", ""))[1] != caddy.get(k, ("", ""))[1]]
for k in differ:
    a, c = app.get(k, ("-", "(absent)")), caddy.get(k, ("-", "(absent)"))
    print(f"  {k}: [{a[0]}] {a[1][:70]} | [{c[0]}] {c[1][:70]}")
only_app = [k for k in sorted(app) if RANK.get(app[k][0], 0) >= 1
            and RANK.get(app[k][0], 0) > RANK.get(caddy.get(k, ("OK", ""))[0], 0)]
print()
if only_app:
    print("Findings of severity LOW or worse that the app has and Caddy does not:")
    for k in only_app:
        print(f"  {k}: [{app[k][0]}] {app[k][1]}")
    sys.exit(1)
print("No finding of severity LOW or worse that Caddy does not also have.")
# testssl 3.0.8's ids for the suite order and the groups
for k in ("cipher_order", "cipherorder_TLSv1_2", "PFS_ECDHE_curves", "DH_groups"):
    for key in (k, k + "+"):
        if key in app:
            print(f"  app   {key}: {app[key][1]}")
        if key in caddy:
            print(f"  caddy {key}: {caddy[key][1]}")
PY
