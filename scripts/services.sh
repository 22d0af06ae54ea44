#!/usr/bin/env bash
# Makes sure the three servers CareGraph's services mode and tests use are up on this machine:
# PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379, RabbitMQ 127.0.0.1:5672 (`npm run services`).
# Starts whichever is down (Debian packages as installed on the development machines) and waits.
# With DATABASE_URL, RABBITMQ_URL and REDIS_URL pointing elsewhere, it only checks they answer.
set -euo pipefail

answers() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&-
}

wait_for() { # name host port seconds
  for _ in $(seq 1 "$4"); do answers "$2" "$3" && { echo "$1 is up on $2:$3"; return 0; }; sleep 1; done
  echo "$1 did not come up on $2:$3" >&2; return 1
}

host_port() { # url default-port -> "host port"
  python3 - "$1" "$2" <<'PY'
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1]); print(u.hostname or "127.0.0.1", u.port or sys.argv[2])
PY
}

ensure() { # name url default-port start-command...
  local name=$1 url=$2 port=$3; shift 3
  read -r h p < <(host_port "$url" "$port")
  if answers "$h" "$p"; then echo "$name is up on $h:$p"; return 0; fi
  if [[ "$h" != "127.0.0.1" && "$h" != "localhost" ]]; then echo "$name at $url does not answer" >&2; return 1; fi
  echo "starting $name"
  "$@"
  wait_for "$name" "$h" "$p" 90
}

start_postgres() {
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  else
    echo "PostgreSQL is not installed: apt-get install postgresql, or set DATABASE_URL" >&2; return 1
  fi
}

start_redis() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

start_rabbitmq() {
  rabbitmq-server -detached
  rabbitmqctl await_startup >/dev/null 2>&1 || true
}

ensure PostgreSQL "${DATABASE_URL:-postgres://127.0.0.1:5432}" 5432 start_postgres
ensure Redis "${REDIS_URL:-redis://127.0.0.1:6379}" 6379 start_redis
ensure RabbitMQ "${RABBITMQ_URL:-amqp://127.0.0.1:5672}" 5672 start_rabbitmq
