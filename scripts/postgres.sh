#!/usr/bin/env bash
# Start the machine's PostgreSQL on 127.0.0.1 and export DAYONE_TEST_POSTGRES_URL
# (a role that may create databases). Sourced by scripts/test; a URL already in
# the environment is used as it is.
if [ -n "${DAYONE_TEST_POSTGRES_URL:-}" ]; then
  return 0 2>/dev/null || exit 0
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "scripts/postgres.sh: PostgreSQL is not installed; PostgreSQL tests will be skipped" >&2
  return 0 2>/dev/null || exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "scripts/postgres.sh: not root; set DAYONE_TEST_POSTGRES_URL to run the PostgreSQL tests" >&2
  return 0 2>/dev/null || exit 0
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$(pg_conftool -s "$version" main show port)" && break
  sleep 1
done
port=$(pg_conftool -s "$version" main show port)
su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='dayone_test'\"" | grep -q 1 ||
  su postgres -c "psql -q -p $port -c \"CREATE ROLE dayone_test LOGIN CREATEDB PASSWORD 'dayone_test'\""
export DAYONE_TEST_POSTGRES_URL="postgresql+psycopg://dayone_test:dayone_test@127.0.0.1:$port/postgres"
