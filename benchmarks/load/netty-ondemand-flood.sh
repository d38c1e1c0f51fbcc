#!/usr/bin/env bash
# On-demand flood on Reactor Netty (issue 17): NETTY_FLOOD_NAMES hostile SNI names (default 10,000, outside the
# on-demand allowlist) from 16 client threads against the WebFlux app, with the JDK's TLS and with BoringSSL, while
# one client times full handshakes for a name already cached. Runs NettyOnDemandPebbleTest (real Pebble, real
# Reactor Netty, the real starter) at that size; CI runs the same test with 1,000 names.
#
# Prints one line per TLS engine: flood duration, hostile handshakes per second, the cached name's handshake count,
# p50 / p99 / max (ms), and the orders the hostile names caused at Pebble (must be 0). The test fails when a cached
# handshake takes 3 s or more, or when any hostile name orders.
#
#   NETTY_FLOOD_NAMES=10000   hostile names per engine
#
# Not part of the test suite. Builds nothing into ~/.m2 (-Dmaven.install.skip=true); everything listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

names="${NETTY_FLOOD_NAMES:-10000}"
log="$(mktemp -t netty-flood.XXXXXX.log)"
scripts/ensure-tools
echo "==> NettyOnDemandPebbleTest with ${names} hostile names per engine (log: ${log})"
status=0
./mvnw -B -ntp verify -Dmaven.install.skip=true -pl certmagic-spring-boot-autoconfigure -am \
  -Dtest=NettyOnDemandPebbleTest -Dsurefire.failIfNoSpecifiedTests=false -Dcertmagic.security-tests=none \
  -Djacoco.skip=true -Dcertmagic.test.netty-flood-names="${names}" >"$log" 2>&1 || status=$?
grep -h -o 'netty-flood provider=.*' "$log" \
  certmagic-spring-boot-autoconfigure/target/surefire-reports/*NettyOnDemandPebbleTest*-output.txt 2>/dev/null \
  | sort -u || true
grep -E 'Tests run:.*NettyOnDemandPebbleTest' "$log" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
