#!/usr/bin/env bash
# Starts (or reuses) the Redis and MongoDB-protocol servers logsieve needs for local runs
# and tests, and prints the REDIS_URL and MONGO_URI to use.
#
#   scripts/services.sh up      reuse reachable REDIS_URL / MONGO_URI, else start local servers
#   scripts/services.sh down    stop only the servers this script started
#   scripts/services.sh down redis|mongo   stop just one of them (fault tests)
#   scripts/services.sh env     print the URLs of the running services
#
# Order for each service: a reachable URL from the environment; then Debian's redis-server
# (installed with apt-get when missing) and `mongod` when on PATH, else FerretDB 1.24.2
# (built with `go install` when missing, SQLite backend). Data lives under .services/.
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${LOGSIEVE_SERVICES_DIR:-$ROOT/.services}"
REDIS_PORT="${LOGSIEVE_REDIS_PORT:-6390}"
MONGO_PORT="${LOGSIEVE_MONGO_PORT:-27030}"
FERRETDB_VERSION="v1.24.2"
ENV_FILE="$STATE/env"

log() { echo "[services] $*" >&2; }

# host:port of a redis:// or mongodb:// URL (first host only).
url_host_port() {
  local rest="${1#*://}"
  rest="${rest#*@}"
  rest="${rest%%/*}"
  rest="${rest%%,*}"
  local host="${rest%%:*}" port="${rest##*:}"
  [ "$port" = "$rest" ] && port="$2"
  echo "$host $port"
}

reachable() { # host port
  timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for_port() { # port name pidfile
  for _ in $(seq 1 150); do
    reachable 127.0.0.1 "$1" && return 0
    # A daemon writes its pidfile a moment after it forks (later on a loaded machine): only a
    # pidfile naming a process that is gone means it exited.
    if [ -n "${3:-}" ] && [ -s "$3" ] && ! kill -0 "$(cat "$3" 2>/dev/null)" 2>/dev/null; then
      log "$2 exited during startup; see $STATE/$2.log"; tail -n 20 "$STATE/$2.log" >&2 || true; return 1
    fi
    sleep 0.2
  done
  log "$2 did not open port $1 within 30 s"; return 1
}

running() { # pidfile
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

ensure_redis_server() {
  command -v redis-server >/dev/null && return 0
  log "installing redis-server with apt-get"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >&2
}

# Prints the URL of a server already there: a reachable configured URL, the one this script
# started, or another on our port. Fails when one has to be started.
existing_url() { # name configured-url default-port local-url local-port pidfile
  local name="$1" configured="$2" default_port="$3" url="$4" port="$5" pidfile="$6" host configured_port
  if [ -n "$configured" ]; then
    read -r host configured_port < <(url_host_port "$configured" "$default_port")
    if reachable "$host" "$configured_port"; then echo "$configured"; return 0; fi
    log "$name $configured is not reachable; starting a local server"
  fi
  if running "$pidfile"; then echo "$url"; return 0; fi
  if reachable 127.0.0.1 "$port"; then log "reusing the server already on port $port"; echo "$url"; return 0; fi
  return 1
}

start_redis() {
  local url="redis://127.0.0.1:$REDIS_PORT"
  existing_url REDIS_URL "${REDIS_URL:-}" 6379 "$url" "$REDIS_PORT" "$STATE/redis.pid" && return 0
  ensure_redis_server
  mkdir -p "$STATE/redis"
  rm -f "$STATE/redis.pid" # a stale one (a crash) would read as the new server exiting
  # Same durability and eviction settings as production (docker-compose.yml).
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
    --appendonly yes --maxmemory-policy noeviction --save "" \
    --daemonize yes --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" >&2
  wait_for_port "$REDIS_PORT" redis "$STATE/redis.pid" || return 1
  log "redis-server on port $REDIS_PORT"
  echo "$url"
}

# A FerretDB binary that runs. `go install ...@v1.24.2` alone builds one that panics at start:
# the module zip ships an empty build/version/version.txt. So the same module is fetched from
# the Go module proxy, its version file written, and built; the binary is cached per user.
ferretdb_bin() {
  if command -v ferretdb >/dev/null && ferretdb --version >/dev/null 2>&1; then command -v ferretdb; return 0; fi
  local cached="${XDG_CACHE_HOME:-$HOME/.cache}/logsieve/ferretdb-$FERRETDB_VERSION"
  if [ ! -x "$cached" ]; then
    command -v go >/dev/null || { log "neither mongod nor ferretdb nor go is available"; return 1; }
    log "building FerretDB $FERRETDB_VERSION from the Go module proxy (first run only, a few minutes)"
    local work src
    work="$(mktemp -d)"
    src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [ -d "$src" ] || { log "go mod download did not produce the FerretDB source"; return 1; }
    cp -r "$src" "$work/ferretdb" && chmod -R u+w "$work/ferretdb"
    echo "$FERRETDB_VERSION" >"$work/ferretdb/build/version/version.txt"
    mkdir -p "$(dirname "$cached")"
    (cd "$work/ferretdb" && go build -trimpath -o "$cached" ./cmd/ferretdb) >&2
    rm -rf "$work"
  fi
  echo "$cached"
}

start_mongo() {
  local url="mongodb://127.0.0.1:$MONGO_PORT/logsieve"
  existing_url MONGO_URI "${MONGO_URI:-}" 27017 "$url" "$MONGO_PORT" "$STATE/mongo.pid" && return 0
  mkdir -p "$STATE/mongo"
  if command -v mongod >/dev/null; then
    nohup mongod --dbpath "$STATE/mongo" --bind_ip 127.0.0.1 --port "$MONGO_PORT" \
      >"$STATE/mongo.log" 2>&1 &
    echo $! >"$STATE/mongo.pid"
    log "mongod starting on port $MONGO_PORT"
  else
    local bin; bin="$(ferretdb_bin)" || return 1
    # Telemetry off and no debug listener: it stays local and quiet.
    nohup "$bin" --handler=sqlite --sqlite-url="file:$STATE/mongo/" --state-dir="$STATE/mongo" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --debug-addr=- --telemetry=disable --log-level=warn \
      >"$STATE/mongo.log" 2>&1 &
    echo $! >"$STATE/mongo.pid"
    log "FerretDB starting on port $MONGO_PORT"
  fi
  wait_for_port "$MONGO_PORT" mongo "$STATE/mongo.pid" || return 1
  echo "$url"
}

stop() { # name
  local pidfile="$STATE/$1.pid"
  if running "$pidfile"; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $1"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  up)
    mkdir -p "$STATE"
    redis_url="$(start_redis)"
    mongo_uri="$(start_mongo)"
    printf 'REDIS_URL=%s\nMONGO_URI=%s\n' "$redis_url" "$mongo_uri" | tee "$ENV_FILE"
    ;;
  down)
    case "${2:-all}" in
      redis) stop redis ;;
      mongo) stop mongo ;;
      all) stop redis; stop mongo; rm -f "$ENV_FILE" ;;
      *) echo "usage: $0 down [redis|mongo]" >&2; exit 2 ;;
    esac
    ;;
  env)
    [ -f "$ENV_FILE" ] && cat "$ENV_FILE" || { log "services are not up"; exit 1; }
    ;;
  *)
    echo "usage: $0 up|down [redis|mongo]|env" >&2; exit 2
    ;;
esac
