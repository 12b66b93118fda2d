#!/usr/bin/env bash
# Runs every test: type check, unit and property tests of the pure rules and contracts, then the
# end-to-end tests against the real PostgreSQL and a fresh, real Kafka broker of their own
# (127.0.0.1:19092, storage wiped first, stopped afterwards), and the screens in Debian's headless
# Chromium (installed when missing), and a short chaos run. Extra arguments go to jest. After a full
# run, every log line the services wrote (.run/logs/e2e, debug and up) is searched for fødselsnummer
# (scripts/check-logs-for-fnr.ts).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
ensure_tools
ensure_node_modules
ensure_postgres
ensure_chromium

export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}"
export KAFKA_DIR="$root/.run/kafka-test"
KAFKA_FRESH=1 bash infra/kafka.sh start
trap 'bash infra/kafka.sh stop >/dev/null' EXIT
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export LOG_LEVELS="${LOG_LEVELS:-error,warn}"

echo "typescript: type check (services, libraries, tests; then the browser app)"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/client/tsconfig.json
echo "lint: eslint (with the dependency rules) and prettier"
npx eslint . --max-warnings 10
npx prettier --check . --log-level warn
build_web_client

mkdir -p .run
# Every service writes its log lines (debug and up) here too, for the fødselsnummer check below.
export LOG_FILE_DIR="$root/.run/logs/e2e"
export LOG_FILE_LEVEL=debug
rm -rf "$LOG_FILE_DIR"
set +e
npx jest --runInBand --json --outputFile=.run/jest-results.json "$@"
status=$?
set -e
if [ $# -eq 0 ]; then
  echo "logs: no fødselsnummer in any line the services wrote during the tests"
  npx ts-node --transpile-only -r tsconfig-paths/register scripts/check-logs-for-fnr.ts "$LOG_FILE_DIR" --min-lines 1000 || status=1
fi
node -e '
  const r = require("./.run/jest-results.json");
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true

# The chaos run, short: kill -9 of services, a broker and a PostgreSQL restart under load, then the
# count (npm run chaos runs the full 200 kills). Its own PostgreSQL cluster, broker and ports, after
# jest, so it disturbs no other test. TEST_CHAOS_KILLS=0 leaves it out.
if [ "${TEST_CHAOS_KILLS:-8}" != 0 ]; then
  echo "chaos: a short run (${TEST_CHAOS_KILLS:-8} kills)"
  env -u LOG_FILE_DIR -u LOG_FILE_LEVEL npm run -s chaos -- --kills "${TEST_CHAOS_KILLS:-8}" --gap 1500-3000 --broker-every "${TEST_CHAOS_KILLS:-8}" \
    --postgres-every "${TEST_CHAOS_KILLS:-8}" || status=1
fi
exit $status
