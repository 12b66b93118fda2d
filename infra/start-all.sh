#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL (if installed but down), a Kafka broker on
# 127.0.0.1:9092 (data kept in .run/kafka-9092), a build of the three services, their databases
# and migrations (run by each service as it starts), and the services themselves.
# Logs: .run/logs/<service>.log. Stop everything with: npm run stop:all
# INSTANCES=2 also starts a second instance of each service on its port + 10 (3011, 3012, 3013), with the
# same databases and consumer groups (logs .run/logs/<service>-2.log), as two pods of each would run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
ensure_tools
ensure_node_modules
ensure_postgres

export KAFKA_PORT="${KAFKA_PORT:-9092}"
bash infra/kafka.sh start
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"

echo "build: tsc -> dist/"
rm -rf dist && npx tsc -p tsconfig.build.json
build_web_client

# Tokens: production sets AUTH_JWKS_URL (and AUTH_ISSUER, AUTH_AUDIENCE) of the identity provider.
# Without it, this development start trusts the local dev key that `npm run token` signs with.
if [ -z "${AUTH_JWKS_URL:-}" ] && [ -z "${AUTH_PUBLIC_KEY_PEM:-}" ] && [ -z "${AUTH_PUBLIC_KEY_FILE:-}" ]; then
  export AUTH_PUBLIC_KEY_FILE="$(TS_NODE_BASEURL=./dist node -r tsconfig-paths/register dist/scripts/mint-token.js --ensure-keys)"
  export AUTH_ISSUER=vilkarsflyt-dev AUTH_AUDIENCE=vilkarsflyt
  echo "auth: trusting the local dev key $AUTH_PUBLIC_KEY_FILE (development only)"
fi

mkdir -p .run/logs
# The web app signs developers in with the dev key ("hvem er du?") unless OpenID Connect is configured.
if [ -z "${OIDC_ISSUER_URL:-}" ] && [ -z "${WEB_DEV_SIGNING_KEY_FILE:-}" ] && [ -n "${AUTH_PUBLIC_KEY_FILE:-}" ]; then
  export WEB_DEV_SIGNING_KEY_FILE="$(dirname "$AUTH_PUBLIC_KEY_FILE")/private.pem" WEB_INSECURE_COOKIES=1
fi

# Each service's V8 heap is capped (SERVICE_HEAP_MB, default 160): otherwise V8 lets garbage grow towards
# a quarter of the machine's memory before it collects, and a service under load passed 300 MB resident
# while holding far less. The Dockerfile sets the same through NODE_OPTIONS.
heap=(--max-old-space-size="${SERVICE_HEAP_MB:-160}")
declare -A ports=([decision]="${DECISION_PORT:-3001}" [follow-up]="${FOLLOW_UP_PORT:-3002}" [payout]="${PAYOUT_PORT:-3003}" [web]="${WEB_PORT:-3000}")
for svc in decision follow-up payout web; do
  pidfile=".run/$svc.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; sleep 1; fi
  TS_NODE_BASEURL=./dist nohup node "${heap[@]}" -r tsconfig-paths/register "dist/apps/$svc/src/main.js" > ".run/logs/$svc.log" 2>&1 &
  echo $! > "$pidfile"
done

instances="${INSTANCES:-1}"
[[ "$instances" =~ ^[1-9]$ ]] || { echo "INSTANCES: must be 1-9" >&2; exit 1; }

wait_for() { # name port
  local probe="http://127.0.0.1:$2/health"; [ "$1" = web ] && probe="http://127.0.0.1:$2/auth/methods"
  for i in $(seq 1 300); do
    if curl -fs "$probe" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat ".run/$1.pid")" 2>/dev/null || [ "$i" = 300 ]; then
      echo "$1 did not start; last lines of .run/logs/$1.log:" >&2; tail -20 ".run/logs/$1.log" >&2; exit 1
    fi
    sleep 0.2
  done
}
for svc in decision follow-up payout web; do wait_for "$svc" "${ports[$svc]}"; done

# Further instances start once the first have run the migrations (two at once on a new database could race).
declare -A portvar=([decision]=DECISION_PORT [follow-up]=FOLLOW_UP_PORT [payout]=PAYOUT_PORT)
for k in $(seq 2 "$instances"); do
  for svc in decision follow-up payout; do
    name="$svc-$k"; pidfile=".run/$name.pid"; port=$(( ${ports[$svc]} + 10 * (k - 1) ))
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; sleep 1; fi
    env "${portvar[$svc]}=$port" TS_NODE_BASEURL=./dist nohup node "${heap[@]}" -r tsconfig-paths/register "dist/apps/$svc/src/main.js" > ".run/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
  done
  for svc in decision follow-up payout; do wait_for "$svc-$k" $(( ${ports[$svc]} + 10 * (k - 1) )); done
done

cat <<MSG

Vilkårsflyt is running:
  web        http://127.0.0.1:${ports[web]}    (the caseworkers' screens: open this in a browser)
  decision   http://127.0.0.1:${ports[decision]}    (decision unit: POST /decisions, GET /decisions/:id)
  follow-up  http://127.0.0.1:${ports[follow-up]}    (veiledere: POST /conditions/:id/evidence/..., GET /cases/:caseId/conditions)
  payout     http://127.0.0.1:${ports[payout]}    (GET /decisions/:id/payments; payment team feed: Kafka topic vilkarsflyt.payment-released.v1)
  kafka      127.0.0.1:$KAFKA_PORT
  postgres   127.0.0.1:5432 (databases vilkarsflyt_decision, vilkarsflyt_follow_up, vilkarsflyt_payout)
Logs in .run/logs/. Stop with: npm run stop:all
MSG
[ "$instances" -gt 1 ] && echo "  and $((instances - 1)) more instance(s) of each service, on its port + 10, + 20, …"
exit 0
