#!/usr/bin/env bash
# Starts (or stops) the three services from dist/ for the scale benchmarks, on the ports, broker and
# databases given, with pid files and logs in .run/scale/. Build first: npx tsc -p tsconfig.build.json
#   DB_PREFIX=vf_scale KAFKA_BROKERS=127.0.0.1:19110 BASE_PORT=4110 bash scripts/scale-services.sh start [instances]
#   bash scripts/scale-services.sh stop
# Instance i of a service listens on BASE_PORT + 3*i + (0 decision, 1 follow-up, 2 payout); all
# instances share the databases and consumer groups.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.run/scale
mkdir -p "$dir"
case "${1:-start}" in
  start)
    : "${DB_PREFIX:=vf_scale}" "${KAFKA_BROKERS:=127.0.0.1:19110}" "${BASE_PORT:=4110}"
    export DB_PREFIX KAFKA_BROKERS LOG_LEVELS="${LOG_LEVELS:-error}"
    export AUTH_PUBLIC_KEY_FILE="$(TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/scripts/mint-token.js --ensure-keys)"
    export AUTH_ISSUER=vilkarsflyt-dev AUTH_AUDIENCE=vilkarsflyt
    instances="${2:-1}"
    for i in $(seq 0 $((instances - 1))); do
      for s in decision follow-up payout; do
        case $s in decision) off=0 ;; follow-up) off=1 ;; payout) off=2 ;; esac
        port=$((BASE_PORT + 3 * i + off))
        var="$(echo "$s" | tr 'a-z-' 'A-Z_')_PORT"
        env "$var=$port" TS_NODE_BASEURL=./dist nohup node -r tsconfig-paths/register "dist/apps/$s/src/main.js" > "$dir/$s-$i.log" 2>&1 &
        echo $! > "$dir/$s-$i.pid"
        echo "$s instance $i: http://127.0.0.1:$port (pid $!)"
      done
    done
    for f in "$dir"/*.log; do :; done
    for i in $(seq 0 $((instances - 1))); do
      for off in 0 1 2; do
        port=$((BASE_PORT + 3 * i + off))
        for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
        curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "port $port did not start; see $dir/*.log" >&2; exit 1; }
      done
    done
    echo "all up"
    ;;
  stop)
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid="$(cat "$f")"
      kill "$pid" 2>/dev/null || true
      rm -f "$f"
    done
    ;;
esac
