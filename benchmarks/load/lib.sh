# shellcheck shell=bash
# Shell code the load scripts in this directory share. Sourced, not executed: `source "$(dirname "$0")/lib.sh"`
# before the script changes directory. Defining the functions has no side effect; each script calls what it needs.
# The functions expect the script's globals where noted: work (its temporary directory), pids (what it started),
# name (the SNI name the servers answer to).

# Installs the given Debian packages (apt-get, through sudo unless root); does nothing without arguments.
install_packages() {
  [ $# -gt 0 ] || return 0
  echo "==> Installing from Debian's packages: $*"
  local sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get update -qq
  DEBIAN_FRONTEND=noninteractive ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get install -y -qq "$@" >/dev/null
}

# Exits 1 with a message unless the machine has 2 CPUs (the servers run on CPU 0, the clients on CPU 1).
require_two_cpus() {
  [ "$(nproc)" -ge 2 ] || { echo "$(basename "$0"): needs 2 CPUs (server on CPU 0, client on CPU 1)" >&2; exit 1; }
}

# Makes the temporary directory $work (prefix: its name before the random part), empties pids, sets the exit traps.
start_work() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  pids=()
  trap stop_all EXIT
  trap 'exit 130' INT TERM
}

# Stops every process in pids (TERM, then waits for each) and says where the logs are; the EXIT trap runs it.
stop_all() {
  trap - EXIT INT TERM
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${pids[@]+"${pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped everything this run started. Logs and raw figures: $work"
}

# Prints "<script>: message" and the last 40 lines of the log file, if one is given, on stderr; exits 1.
fail() {
  echo "$(basename "$0"): $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 40 "$2" >&2
  exit 1
}

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits (pid port log) until a GET over TLS with SNI $name answers, up to 180 s; fails if the server stops.
wait_https() {
  for _ in $(seq 1 180); do
    if curl -sk --max-time 3 --resolve "$name:$2:127.0.0.1" "https://$name:$2/" >/dev/null 2>&1; then return 0; fi
    kill -0 "$1" 2>/dev/null || fail "a server stopped (log: $3)" "$3"
    sleep 1
  done
  fail "no HTTPS answer on port $2 within 180 s" "$3"
}

# Prints the path of the sample app's executable jar built in sample-app/target.
sample_jar() {
  ls sample-app/target/certmagic-sample-app-*.jar | grep -v '\.original$' | head -n 1
}

# Resolves the Pebble launcher's classpath with Maven into $work/classpath.txt and sets pebble_cp.
pebble_classpath() {
  ./mvnw -B -q -ntp -pl certmagic-test-support dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
    >/dev/null
  pebble_cp="certmagic-test-support/target/classes:$(cat "$work/classpath.txt")"
}

# Starts PebbleMain (dir log) in the background, waits up to 60 s for dir/pebble.env and sources it (PEBBLE_*);
# the pid is added to pids and kept in pebble_pid.
start_pebble() {
  java -cp "$pebble_cp" dev.certmagic.testsupport.PebbleMain "$1" >"$2" 2>&1 &
  pebble_pid=$!
  pids+=("$pebble_pid")
  for _ in $(seq 1 120); do
    [ -f "$1/pebble.env" ] && break
    kill -0 "$pebble_pid" 2>/dev/null || fail "Pebble did not start" "$2"
    sleep 0.5
  done
  [ -f "$1/pebble.env" ] || fail "Pebble did not start within 60 s" "$2"
  # shellcheck disable=SC1090,SC1091
  . "$1/pebble.env"
}
