#!/usr/bin/env bash
# Inbound messages over HTTP under load (docs/BENCHMARKS.md, "Inbound messages over HTTP").
#
# Starts the packaged app on a free loopback port with a fresh state dir (fsync=always, resets off), waits for
# /q/health/ready, runs bench/LoadGen.java (closed loop: 1, 16 and 64 senders; 2 s warm-up + 10 s measured per
# level) and prints its table; then stops the server with SIGTERM and removes the state dir.
#
#   bench/inbound-load.sh [--build] [LoadGen options...]
#
#   --build                    package the app first even when app/target/quarkus-app/quarkus-run.jar exists
#   --method sessions.append   measure sessions.append instead (a server without messages.inbound)
#   --method turns             measure agent turn round trips: inbound → turns.next → append with the token →
#                              turns.complete (telegram accounts tb0..tb63 are bound to agents of the same name)
#   --levels 1,16,64 --warmup 2 --duration 10 --max-requests 1000000   (the defaults)
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=app/target/quarkus-app/quarkus-run.jar
BUILD=0
ARGS=()
for a in "$@"; do
  if [[ "$a" == "--build" ]]; then BUILD=1; else ARGS+=("$a"); fi
done

if [[ $BUILD == 1 || ! -f $JAR ]]; then
  echo "[load] packaging the app ..."
  ./mvnw -B -ntp -q -DskipTests package
fi

source bench/server.sh
STATE=$(mktemp -d -t parley-load-XXXXXX)
PORT=$(free_port)
LOG="$STATE.log"
cleanup() {
  stop_server
  rm -rf "$STATE" "$LOG"
}
trap cleanup EXIT

BINDINGS=()
for i in $(seq 0 63); do BINDINGS+=("-Dparley.bindings.telegram.tb$i=tb$i"); done
start_server load "$JAR" "$PORT" "$STATE/state" "$LOG" "${BINDINGS[@]}" \
  -Dparley.storage.fsync=always -Dparley.session.reset.mode=off
echo "[load] ready; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

java bench/LoadGen.java --url "http://127.0.0.1:$PORT/rpc" "${ARGS[@]}"
