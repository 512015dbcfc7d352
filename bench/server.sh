# Sourced by the bench scripts: start the packaged app on a free loopback port and stop it again.
#
#   free_port                               prints a free loopback port
#   start_server TAG JAR PORT STATE LOG [java args...]
#                                           starts `java [args] -jar JAR` on 127.0.0.1:PORT with state dir STATE,
#                                           output to LOG; waits up to 60 s for /q/health/ready (exits 1 with the log
#                                           when the server dies or never gets ready); sets SERVER to its pid
#   stop_server                             SIGTERM, up to 10 s, then SIGKILL (for an EXIT trap)

SERVER=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local tag=$1 jar=$2 port=$3 state=$4 log=$5
  shift 5
  echo "[$tag] starting $jar on 127.0.0.1:$port, state dir $state"
  # validate-unknown=false: a build whose config lacks a key passed here still starts (the key is then ignored).
  java "$@" -Dparley.state-dir="$state" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dsmallrye.config.mapping.validate-unknown=false -jar "$jar" >"$log" 2>&1 &
  SERVER=$!
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then echo "[$tag] the server exited:"; cat "$log"; exit 1; fi
    if [[ $i == 120 ]]; then echo "[$tag] the server was not ready after 60 s:"; tail -50 "$log"; exit 1; fi
    sleep 0.5
  done
}

stop_server() {
  if [[ -n "$SERVER" ]] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"
    for _ in $(seq 1 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER" 2>/dev/null && kill -KILL "$SERVER"
  fi
  return 0
}
