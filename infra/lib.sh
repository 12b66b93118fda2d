# Shared by the infra scripts: make sure what the project needs is installed and running.
# Sourced, not run. Everything here is idempotent and quick when already done.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "missing: $1 ($2)" >&2; exit 1; }
}

ensure_tools() {
  need node "Node.js 20 or newer"
  need npm "comes with Node.js"
  need java "Java 17 runs the Kafka broker"
  need mvn "Maven fetches the Kafka jars"
  need psql "the PostgreSQL client"
}

ensure_node_modules() {
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "npm: installing packages (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), started if it is installed but down.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "postgres: starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  fi
  for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.2; done
  echo "postgres: nothing answers on 127.0.0.1:5432 (start PostgreSQL 15, or docker compose up -d postgres)" >&2
  exit 1
}

# Debian's Chromium for the browser tests (playwright-core drives it; it downloads no browser of its own).
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  if command -v chromium >/dev/null 2>&1; then export CHROMIUM_PATH="$(command -v chromium)"; return 0; fi
  echo "chromium: installing Debian's package for the browser tests"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 || { echo "chromium: could not be installed (apt-get install -y chromium)" >&2; exit 1; }
  export CHROMIUM_PATH="$(command -v chromium)"
}

# The browser app: React + Aksel, built by Vite into dist/web-client (served by apps/web).
build_web_client() {
  echo "web: building the browser app (vite -> dist/web-client)"
  (cd "$root" && npx vite build --config apps/web/client/vite.config.ts --logLevel warn)
}
