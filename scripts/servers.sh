#!/usr/bin/env bash
# Starts the servers of a shared KB on this machine, for tests and benchmarks (loopback only):
# PostgreSQL 15 (Debian's postgresql) and Redis (redis-server), installing them with apt when
# missing, and a role `policykb` (password policykb, may create databases) with a database
# `policykb`. Prints the URLs to export, so that `eval "$(bash scripts/servers.sh)"` sets
#   POLICYKB_TEST_PG=postgresql://policykb:policykb@127.0.0.1:5432/policykb
#   POLICYKB_TEST_BROKER=redis://127.0.0.1:6379/0
# Idempotent: servers already running are left as they are. Needs root (or sudo) for apt and
# for starting the cluster as the postgres user.
set -euo pipefail
PG_VERSION=15
PG_PORT=5432
REDIS_PORT=6379
say() { echo "[servers] $*" >&2; }

SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 && [ -d "/usr/lib/postgresql/$PG_VERSION" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  say "安装：${missing[*]}"
  "${SUDO[@]}" apt-get update -qq >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# PostgreSQL: Debian's cluster `main`, listening on loopback only
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
  "${SUDO[@]}" pg_createcluster "$PG_VERSION" main -p "$PG_PORT" >&2
fi
conf="/etc/postgresql/$PG_VERSION/main/postgresql.conf"
"${SUDO[@]}" sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$conf"
if ! pg_lsclusters -h | grep -q "^$PG_VERSION *main .* online"; then
  say "启动 PostgreSQL $PG_VERSION"
  "${SUDO[@]}" pg_ctlcluster "$PG_VERSION" main start >&2
fi
psql_admin() { "${SUDO[@]}" runuser -u postgres -- psql -p "$PG_PORT" -qtAX "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'policykb'")" != 1 ]; then
  psql_admin -c "CREATE ROLE policykb LOGIN CREATEDB PASSWORD 'policykb'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'policykb'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE policykb OWNER policykb" >&2
fi

# Redis: loopback only, no disk snapshots (it holds only queued task messages)
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  say "启动 Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --logfile /tmp/policykb-redis.log >&2
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

echo "export POLICYKB_TEST_PG=postgresql://policykb:policykb@127.0.0.1:$PG_PORT/policykb"
echo "export POLICYKB_TEST_BROKER=redis://127.0.0.1:$REDIS_PORT/0"
