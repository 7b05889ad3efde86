#!/usr/bin/env bash
# The Loco peer for `scripts/bench --peer loco`: the starter that `loco new` (crates.io crate
# `loco`, templates embedded in the crate, nothing fetched from GitHub) generates with
# PostgreSQL, in-process async workers (no Redis) and no asset serving, i.e. the SaaS starter's
# REST API with its users/JWT auth. Everything lives in .data/peer.
#   scripts/bench-peer-loco.sh build                 CLI, app and its --release binary
#   scripts/bench-peer-loco.sh start                 runs it in the background until `stop`
#   scripts/bench-peer-loco.sh seed N                registers N users, marks them verified
#   scripts/bench-peer-loco.sh token EMAIL [PASSWORD] prints a JWT (default: the seed password)
#   scripts/bench-peer-loco.sh stop                  stops the process `start` recorded
# Environment:
#   PEER_DATABASE_URL  start, seed: a database of its own (its `users` table would collide with
#                      Vigil's), owned by the URL's role (PostgreSQL 15 lets only the owner
#                      create tables in `public`, and the app migrates itself on start)
#   PEER_POOL_SIZE     max connections (default $VIGIL_DB_POOL_SIZE, else Vigil's default 6)
#   PEER_PORT          port on 127.0.0.1 (default 5150)
#   PEER_WORKER_THREADS  tokio worker threads (default: one per core, as Vigil's HTTP workers)
# Peer configuration: config/production.yaml is replaced by the one written below (the
# generated one is kept as production.generated.yaml); the seed password is in
# .data/peer/seed-password (mode 600).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The generator pins `loco-rs = { version = "1.2" }` in the app. After changing this, delete
# .data/peer/loco-app so the app is generated again by the new CLI.
LOCO_CLI_VERSION=1.2.0
PEER_DIR="$REPO_ROOT/.data/peer"
CARGO_ROOT="$PEER_DIR/cargo-bin"
APP_NAME=loco-app
APP="$PEER_DIR/$APP_NAME"
BIN="$APP/target/release/loco_app-cli" # the generator names it <module name>-cli
PID_FILE="$PEER_DIR/loco.pid"
LOG_FILE="$PEER_DIR/loco.log"
PASSWORD_FILE="$PEER_DIR/seed-password"
PEER_POOL_SIZE=${PEER_POOL_SIZE:-${VIGIL_DB_POOL_SIZE:-6}}
PEER_PORT=${PEER_PORT:-5150}
EMAIL_PREFIX=peer-user- # seeded accounts are ${EMAIL_PREFIX}N@example.com

# Written over the generated production.yaml rather than merged with it: the generated file
# demands HOST, JWT_SECRET and SMTP variables before any override is read. Read by loco at
# start, `<%= get_env(...) %>` taking the values from the environment `start` passes.
write_production_config() {
  cat >"$APP/config/production.yaml" <<'YAML'
# Written by scripts/bench-peer-loco.sh (the generated file: production.generated.yaml).
logger:
  enable: true
  pretty_backtrace: false
  level: warn
  format: compact
server:
  port: <%= get_env(name="PEER_PORT") %>
  binding: 127.0.0.1
  host: http://127.0.0.1
# In-process tokio tasks: no queue, so no Redis or queue table.
workers:
  mode: BackgroundAsync
# Welcome mails on register are recorded in memory, not sent.
mailer:
  stub: true
database:
  uri: "<%= get_env(name="PEER_DATABASE_URL") %>"
  enable_logging: false
  # Vigil: pool of VIGIL_DB_POOL_SIZE, 5 s to get a connection, r2d2's 10 min idle timeout.
  # The generated 500 ms idle timeout would reconnect between interleaved rounds.
  max_connections: <%= get_env(name="PEER_POOL_SIZE") %>
  min_connections: 1
  connect_timeout: 5000
  acquire_timeout: 5000
  idle_timeout: 600000
  auto_migrate: true
  dangerously_truncate: false
  dangerously_recreate: false
auth:
  jwt:
    secret: "<%= get_env(name="PEER_JWT_SECRET") %>"
    expiration: 604800
YAML
}

cmd_build() {
  command -v cargo >/dev/null || die "cargo not found: install the Rust toolchain (1.94 or newer)"
  if ! "$CARGO_ROOT/bin/loco" --version 2>/dev/null | grep -qx "loco $LOCO_CLI_VERSION"; then
    log "installing the loco CLI $LOCO_CLI_VERSION into $CARGO_ROOT"
    # --locked: the crate ships its Cargo.lock, so the generator is the one that was released.
    cargo install --locked --root "$CARGO_ROOT" --version "$LOCO_CLI_VERSION" loco
  fi
  if [ ! -d "$APP" ]; then
    log "generating the Loco starter in $APP"
    mkdir -p "$PEER_DIR"
    # All three of --db/--bg/--assets given: no wizard. --allow-in-git-repo: .data is inside
    # this repository, and without it loco asks for confirmation on the terminal.
    "$CARGO_ROOT/bin/loco" new --path "$PEER_DIR" --name "$APP_NAME" \
      --db postgres --bg async --assets none --allow-in-git-repo </dev/null
    cp "$APP/config/production.yaml" "$APP/config/production.generated.yaml"
  fi
  write_production_config
  log "building the Loco app (--release)"
  # Vigil's release profile, so the compiler settings are not the difference measured.
  CARGO_TARGET_DIR="$APP/target" CARGO_PROFILE_RELEASE_LTO=thin \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=4 \
    cargo build --release --manifest-path "$APP/Cargo.toml" --bin loco_app-cli
}

running_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  # Only our binary: a PID left from an earlier run may belong to something else by now.
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$BIN")" ] && echo "$pid"
}

cmd_start() {
  [ -n "${PEER_DATABASE_URL:-}" ] || die "set PEER_DATABASE_URL (a database of its own)"
  [ -x "$BIN" ] || die "$BIN not built: run '$0 build'"
  [[ $PEER_POOL_SIZE =~ ^[1-9][0-9]*$ ]] || die "PEER_POOL_SIZE must be a positive number"
  ! running_pid >/dev/null || die "already running (PID $(cat "$PID_FILE"))"
  apt_install curl
  # Passed through the environment, never on the command line (ps shows that to everyone).
  # A fresh JWT secret per start: tokens only have to outlive this run.
  (
    cd "$APP" # loco reads ./config
    export PEER_DATABASE_URL PEER_POOL_SIZE PEER_PORT PEER_JWT_SECRET
    PEER_JWT_SECRET=$(random_secret)
    if [ -n "${PEER_WORKER_THREADS:-}" ]; then export TOKIO_WORKER_THREADS=$PEER_WORKER_THREADS; fi
    exec "$BIN" start --environment production --binding 127.0.0.1 --port "$PEER_PORT" \
      --no-banner </dev/null >"$LOG_FILE" 2>&1
  ) &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  # Listening means migrated: loco runs the migrations before it binds.
  local i
  for ((i = 0; i < 600; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PEER_PORT/_ping" 2>/dev/null; then
      log "Loco peer (PID $pid) answers on 127.0.0.1:$PEER_PORT"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOG_FILE" >&2; die "the Loco peer exited"; }
    sleep 0.1
  done
  cmd_stop
  die "the Loco peer did not answer on 127.0.0.1:$PEER_PORT within 60 s (see $LOG_FILE)"
}

seed_password() {
  if [ ! -s "$PASSWORD_FILE" ]; then
    (umask 077 && random_secret >"$PASSWORD_FILE")
  fi
  cat "$PASSWORD_FILE"
}

cmd_seed() {
  local n=${1:-} i password psql_url count
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "usage: $0 seed N"
  [ -n "${PEER_DATABASE_URL:-}" ] || die "set PEER_DATABASE_URL"
  apt_install curl jq postgresql-client
  password=$(seed_password)
  log "registering $n users through POST /api/auth/register"
  # One at a time: each registration is an argon2id hash, and the server hashes inline.
  # The body goes through stdin so the password is never in an argument list.
  for ((i = 1; i <= n; i++)); do
    jq -nc --arg e "$EMAIL_PREFIX$i@example.com" --arg p "$password" --arg n "Peer user $i" \
      '{email: $e, password: $p, name: $n}' |
      curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- \
        "http://127.0.0.1:$PEER_PORT/api/auth/register"
  done
  # Register answers 200 even when it fails (e.g. the address exists), so count the rows.
  # Login does not need a verified address; verifying keeps the accounts like Vigil's.
  trap pg_passfile_remove EXIT
  pg_url_passfile "$PEER_DATABASE_URL" psql_url
  count=$(psql -X -q -At -v ON_ERROR_STOP=1 -v prefix="$EMAIL_PREFIX" "$psql_url" <<'SQL'
UPDATE users SET email_verified_at = now(), email_verification_token = NULL
  WHERE email LIKE :'prefix' || '%@example.com' AND email_verified_at IS NULL;
SELECT count(*) FROM users WHERE email LIKE :'prefix' || '%@example.com'
  AND email_verified_at IS NOT NULL;
SQL
  )
  [ "$count" -ge "$n" ] || die "only $count of $n peer users exist (see $LOG_FILE)"
  log "$count verified peer users ($EMAIL_PREFIX<N>@example.com)"
}

cmd_token() {
  local email=${1:-} password=${2:-}
  [ -n "$email" ] || die "usage: $0 token EMAIL [PASSWORD]"
  [ -n "$password" ] || password=$(seed_password)
  jq -nc --arg e "$email" --arg p "$password" '{email: $e, password: $p}' |
    curl -fsS -H 'Content-Type: application/json' --data-binary @- \
      "http://127.0.0.1:$PEER_PORT/api/auth/login" | jq -er .token
}

cmd_stop() {
  local pid i
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    return 0
  fi
  kill -TERM "$pid"
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "the Loco peer ($pid) ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

case ${1:-} in
build | start | stop) "cmd_$1" ;;
seed | token) cmd="cmd_$1" && shift && "$cmd" "$@" ;;
*) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" && exit 2 ;;
esac
