#!/usr/bin/env bash
# Stops the web app, the three services and the Kafka broker that start-all.sh started. PostgreSQL is left running.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
for pidfile in .run/web.pid .run/decision.pid .run/follow-up.pid .run/payout.pid .run/decision-[0-9].pid .run/follow-up-[0-9].pid .run/payout-[0-9].pid; do
  [ -f "$pidfile" ] || continue
  svc="$(basename "$pidfile" .pid)"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")" && echo "$svc: stopped"; fi
  rm -f "$pidfile"
done
KAFKA_PORT="${KAFKA_PORT:-9092}" bash infra/kafka.sh stop
