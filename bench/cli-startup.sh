#!/usr/bin/env bash
# CLI start-up time against a server with 10 000 sessions (docs/BENCHMARKS.md, "CLI start-up").
#
# Builds nothing: package first with
#   ./mvnw -B -ntp -pl app -am package -DskipTests
# (app/target/quarkus-app/quarkus-run.jar, app/target/parley-cli.jar, app/target/parley and its class archive).
#
# Starts the packaged server on a free loopback port with a fresh state dir (fsync=never: the population is not
# what is measured), creates the sessions with sessions.append in JSON-RPC batches of 100 (4 parallel curl
# clients), then runs each measured command N times and prints min / median / p90 / max wall time in ms (each
# run is a fresh JVM started by the launcher; its output goes to /dev/null, a failing run aborts). Stops the
# server with SIGTERM and removes the state dir.
#
#   bench/cli-startup.sh [--runs N] [--sessions N] [--compare] [--other DIR]
#
#   --runs 20           runs per command (the default); one unmeasured warm-up run comes first
#   --sessions 10000    sessions to create (the default; a multiple of 100)
#   --compare           also measure the jar without the launcher's class archive, and plain `java -jar`
#   --other DIR         also measure DIR/parley, the launcher of another build (e.g. a copy of an older
#                       app/target/parley + parley-cli.jar), for before/after figures in one run
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=app/target/quarkus-app/quarkus-run.jar
CLI=app/target/parley
RUNS=20
SESSIONS=10000
COMPARE=0
OTHER=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --sessions) SESSIONS=$2; shift 2 ;;
    --compare) COMPARE=1; shift ;;
    --other) OTHER=$2; shift 2 ;;
    *) echo "usage: bench/cli-startup.sh [--runs N] [--sessions N] [--compare] [--other DIR]" >&2; exit 2 ;;
  esac
done
for f in "$JAR" "$CLI" app/target/parley-cli.jar; do
  [[ -f $f ]] || { echo "[cli] $f is missing; run: ./mvnw -B -ntp -pl app -am package -DskipTests" >&2; exit 1; }
done

source bench/server.sh
STATE=$(mktemp -d -t parley-cli-bench-XXXXXX)
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
cleanup() {
  stop_server
  rm -rf "$STATE"
}
trap cleanup EXIT

start_server cli "$JAR" "$PORT" "$STATE/state" "$STATE/server.log" -Dparley.storage.fsync=never

# One batch file per 100 sessions: agent main, ten channels round robin, one user message each.
mkdir "$STATE/batches"
python3 - "$STATE/batches" "$SESSIONS" <<'PY'
import json, sys
out, total = sys.argv[1], int(sys.argv[2])
channels = ["telegram", "discord", "slack", "whatsapp", "signal", "matrix", "irc", "email", "sms", "web"]
for b in range(total // 100):
    calls = []
    for i in range(b * 100, b * 100 + 100):
        key = "agent:main:%s:dm:user-%05d" % (channels[i % 10], i)
        calls.append({"jsonrpc": "2.0", "id": i, "method": "sessions.append", "params": {"sessionKey": key,
                      "entries": [{"type": "message", "message": {"role": "user", "content": "hello %d" % i}}]}})
    with open("%s/%04d.json" % (out, b), "w") as f:
        json.dump(calls, f)
PY
START=$(date +%s%N)
ls "$STATE"/batches/*.json | xargs -P 4 -I{} sh -c \
  'curl -fsS -H "Content-Type: application/json" --data-binary @{} '"$URL"'/rpc > {}.out'
ERRORS=$(cat "$STATE"/batches/*.out | grep -o '"error"' | wc -l || true)
echo "[cli] created $SESSIONS sessions in $(( ($(date +%s%N) - START) / 1000000 )) ms ($ERRORS errors)"
[[ $ERRORS == 0 ]] || { head -c 600 "$(ls "$STATE"/batches/*.out | head -1)"; echo; exit 1; }
ACTIVE=$(PARLEY_URL=$URL "$CLI" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"]["active"])')
echo "[cli] the server reports $ACTIVE active sessions; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL COMMAND...: RUNS fresh processes (after one warm-up run), wall time of each.
measure() {
  python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = []
for i in range(runs + 1):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        sys.exit("[cli] %s failed (exit %d): %s" % (label, r.returncode, r.stderr.decode().strip()))
    if i > 0:
        times.append(ms)
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print("%-44s %5d %8.0f %8.0f %8.0f %8.0f" % (label, runs, times[0], pick(0.5), pick(0.9), times[-1]))
PY
}

export PARLEY_URL=$URL
printf '%-44s %5s %8s %8s %8s %8s\n' "command (wall ms)" runs min median p90 max
measure "parley sessions list" "$CLI" sessions list
measure "parley sessions list --json" "$CLI" sessions list --json
measure "parley status" "$CLI" status
measure "parley --help (no server call)" "$CLI" --help
if [[ $COMPARE == 1 ]]; then
  T=$(cd app/target && pwd -P)
  NOCDS=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xbootclasspath/a:"$T/parley-cli-picocli.jar" -jar "$T/parley-cli.jar")
  measure "launcher flags, no archive: sessions list" "${NOCDS[@]}" sessions list
  measure "launcher flags, no archive: status" "${NOCDS[@]}" status
  measure "java -jar parley-cli.jar sessions list" java -jar "$T/parley-cli.jar" sessions list
  measure "java -jar parley-cli.jar status" java -jar "$T/parley-cli.jar" status
fi
if [[ -n $OTHER ]]; then
  measure "$OTHER/parley sessions list" "$OTHER/parley" sessions list
  measure "$OTHER/parley status" "$OTHER/parley" status
  measure "$OTHER/parley --help" "$OTHER/parley" --help
fi
