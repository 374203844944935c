#!/usr/bin/env bash
# Brings the whole platform up on this machine: services, install, build, database, migrations, demo data
# (once), API and worker. Ctrl-C stops both processes.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kap_clinic}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export JWT_SECRET="${JWT_SECRET:-local-development-secret-change-me-0123456789}"
export BOOTSTRAP_ADMIN_EMAIL="${BOOTSTRAP_ADMIN_EMAIL:-admin@kap.example}"
export BOOTSTRAP_ADMIN_PASSWORD="${BOOTSTRAP_ADMIN_PASSWORD:-Admin-Demo-Pass-2026}"

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build

node scripts/create-database.cjs "$DATABASE_URL"
npm run migration:run
npm run seed:demo

mkdir -p .run
node dist/apps/api/src/main.js >.run/api.log 2>&1 &
API_PID=$!
node dist/apps/worker/src/main.js >.run/worker.log 2>&1 &
WORKER_PID=$!
trap 'kill $API_PID $WORKER_PID 2>/dev/null; wait' INT TERM EXIT

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/health/ready" >/dev/null 2>&1 && break
  kill -0 $API_PID 2>/dev/null || { echo "The API stopped; see .run/api.log"; tail -20 .run/api.log; exit 1; }
  sleep 0.5
done
sleep 1
kill -0 $WORKER_PID 2>/dev/null || { echo "The worker stopped; see .run/worker.log"; tail -20 .run/worker.log; exit 1; }

cat <<MSG

KAP Clinic Platform is up.
  Web app        http://localhost:$PORT/
  API            http://localhost:$PORT/api/v1
  API docs       http://localhost:$PORT/api/docs  (OpenAPI JSON: /api/docs-json)
  Health         http://localhost:$PORT/api/v1/health/ready
  Logs           .run/api.log, .run/worker.log

Demo logins (password for all but the admin: Demo-Password-2026):
MSG
node dist/apps/api/src/cli/print-demo-logins.js
echo "  admin                  $BOOTSTRAP_ADMIN_EMAIL / $BOOTSTRAP_ADMIN_PASSWORD"
echo
echo "Ctrl-C stops the API and the worker."
wait
