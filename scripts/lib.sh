# Shared helpers for the scripts in this folder. Source it; do not run it.
# Everything here is idempotent and binds to loopback only.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES_DIR="$REPO_ROOT/scripts/services"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when root, else through sudo.
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $* (install sudo or run as root)"
  fi
}

APT_UPDATED=0
# apt_install PACKAGE...: installs the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A free TCP port on 127.0.0.1 (node is a requirement, python is not).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_for_port PORT SECONDS NAME [PID]: with PID, gives up at once if that process ends.
wait_for_port() {
  local port=$1 seconds=$2 name=$3 pid=${4:-} i
  for ((i = 0; i < seconds * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      die "$name stopped before listening on 127.0.0.1:$port"
    fi
    sleep 0.1
  done
  die "$name did not start listening on 127.0.0.1:$port within ${seconds}s"
}

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# --- PostgreSQL -------------------------------------------------------------------------

# Directory of the PostgreSQL server binaries, installing the server if it is absent.
pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    # Only the binaries: no system-wide cluster on port 5432.
    if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
      as_root mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    apt_install postgresql postgresql-contrib postgresql-client >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -x "$dir/initdb" ] || die "PostgreSQL server binaries not found after installing"
  echo "$dir"
}

# initdb refuses to run as root: as root the cluster runs as the `postgres` system user.
pg_as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Gives the postgres user traverse (not read) access to every folder above a path.
pg_allow_traverse() {
  is_root || return 0
  local dir=$1
  while [ "$dir" != "/" ]; do
    dir=$(dirname "$dir")
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
      log "letting the postgres user traverse $dir (chmod o+x)"
      chmod o+x "$dir"
    fi
  done
}

# pg_init DATA_DIR PORT SUPERUSER_PASSWORD [EXTRA_CONF]: creates a private cluster once.
pg_init() {
  local data=$1 port=$2 password=$3 extra=${4:-} bindir pwfile
  bindir=$(pg_bindir)
  if [ -f "$data/PG_VERSION" ]; then
    return 0
  fi
  log "creating a private PostgreSQL cluster in $data"
  mkdir -p "$data"
  chmod 700 "$data"
  pwfile=$(mktemp)
  printf '%s\n' "$password" >"$pwfile"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "the postgres system user is missing (install postgresql)"
    chown postgres: "$data" "$pwfile"
    pg_allow_traverse "$data"
  fi
  pg_as_owner "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=reject --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  pg_as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF

# --- Vigil private cluster ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
log_destination = 'stderr'
$extra
CONF
}

# pg_start DATA_DIR LOGFILE: starts the cluster (no-op when already running).
pg_start() {
  local data=$1 logfile=$2 bindir
  bindir=$(pg_bindir)
  if pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    return 1 # already running: the caller did not start it
  fi
  if is_root; then
    touch "$logfile"
    chown postgres: "$logfile"
  fi
  pg_as_owner "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t 60 start >/dev/null ||
    die "PostgreSQL did not start; see $logfile"
}

# pg_pid DATA_DIR: the postmaster's PID.
pg_pid() { head -n 1 "$1/postmaster.pid" 2>/dev/null || true; }

# pg_stop DATA_DIR: stops the cluster by the PID it recorded.
pg_stop() {
  local data=$1 pid i
  pid=$(pg_pid "$data")
  [ -n "$pid" ] || return 0
  kill -INT "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  warn "PostgreSQL ($pid) did not stop after fast shutdown; sending SIGQUIT"
  kill -QUIT "$pid" 2>/dev/null || true
}

# pg_superuser_sql PORT PASSWORD [psql args...]: psql as the cluster superuser.
pg_superuser_sql() {
  local port=$1 password=$2
  shift 2
  PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# pg_setup_roles PORT SUPERUSER_PASSWORD OWNER_PASSWORD APP_PASSWORD [BACKUP_PASSWORD]
# The owner role runs migrations and may create databases; the application role is
# NOSUPERUSER NOBYPASSRLS and gets DML grants from the migrations. With BACKUP_PASSWORD, also
# the backup role: read-only (pg_read_all_data) and BYPASSRLS, because pg_dump must read every
# organisation's rows and FORCE ROW LEVEL SECURITY applies even to the tables' owner.
pg_setup_roles() {
  local port=$1 super=$2 owner=$3 app=$4 backup=${5:-}
  pg_superuser_sql "$port" "$super" -v owner_pw="$owner" -v app_pw="$app" <<'SQL'
SELECT format('CREATE ROLE vigil_owner LOGIN CREATEDB PASSWORD %L', :'owner_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_owner') \gexec
SELECT format('CREATE ROLE vigil_app LOGIN PASSWORD %L', :'app_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_app') \gexec
ALTER ROLE vigil_owner NOSUPERUSER NOBYPASSRLS NOCREATEROLE CREATEDB;
ALTER ROLE vigil_app NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
SELECT format('ALTER ROLE vigil_owner PASSWORD %L', :'owner_pw') \gexec
SELECT format('ALTER ROLE vigil_app PASSWORD %L', :'app_pw') \gexec
SQL
  [ -n "$backup" ] || return 0
  # pg_read_all_data needs PostgreSQL 14 or newer.
  pg_superuser_sql "$port" "$super" -v backup_pw="$backup" <<'SQL'
SELECT format('CREATE ROLE vigil_backup LOGIN PASSWORD %L', :'backup_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_backup') \gexec
ALTER ROLE vigil_backup LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT pg_read_all_data TO vigil_backup;
SELECT format('ALTER ROLE vigil_backup PASSWORD %L', :'backup_pw') \gexec
SQL
}

# pg_create_database PORT SUPERUSER_PASSWORD NAME: a database owned by vigil_owner.
pg_create_database() {
  local port=$1 super=$2 name=$3
  pg_superuser_sql "$port" "$super" -v db="$name" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER vigil_owner', :'db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

# --- Backups (scripts/backup, scripts/restore) ------------------------------------------

# pg_url_with_db URL NAME: the PostgreSQL URL with its database name replaced by NAME.
pg_url_with_db() {
  local url=$1 name=$2
  [[ $url =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]] ||
    die "not a postgres:// URL: ${url%%@*}@..."
  echo "${BASH_REMATCH[1]}/$name${BASH_REMATCH[4]}"
}

# pg_url_redacted URL: the URL without its password, for messages.
pg_url_redacted() { sed -E 's#^(postgres(ql)?://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

# pg_url_passfile URL VAR: sets VAR to URL without its password and puts the password in a
# private passfile instead ($PGPASSFILE, mode 600, created on first use; pg_passfile_remove
# deletes it). Every local user can read a process's command line (ps), so pg_dump, pg_restore
# and psql must not get passwords there. The caller's own passfile still applies after ours.
PG_PASSFILE_ENTRIES=()
pg_url_passfile() {
  local url=$1 out=$2 user pass hostport host='*' port='*' previous
  if [[ ! $url =~ ^(postgres(ql)?://)([^:@/?]+):([^@]*)@([^/?]*)(.*)$ ]]; then
    printf -v "$out" '%s' "$url" # no password in the URL: nothing to move
    return 0
  fi
  user=$(pg_url_decode "${BASH_REMATCH[3]}")
  pass=$(pg_url_decode "${BASH_REMATCH[4]}")
  hostport=${BASH_REMATCH[5]}
  printf -v "$out" '%s' "${BASH_REMATCH[1]}${BASH_REMATCH[3]}@$hostport${BASH_REMATCH[6]}"
  # One host with an explicit port is matched exactly; anything fancier by user name only.
  if [[ $hostport =~ ^([^,:@\[]+):([0-9]+)$ ]]; then
    host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}
  fi
  PG_PASSFILE_ENTRIES+=("$(pg_passfile_escape "$host"):$port:*:$(pg_passfile_escape "$user"):$(pg_passfile_escape "$pass")")
  if [ -z "${VIGIL_PASSFILE:-}" ]; then
    VIGIL_PREVIOUS_PASSFILE=${PGPASSFILE:-${HOME:-/nonexistent}/.pgpass}
    VIGIL_PASSFILE=$(mktemp -t vigil-pgpass.XXXXXX) # mode 600
    export PGPASSFILE=$VIGIL_PASSFILE
  fi
  previous=$VIGIL_PREVIOUS_PASSFILE
  # libpq takes the first matching line: ours first, then the caller's.
  # shellcheck disable=SC2094 # never the same file (checked)
  {
    printf '%s\n' "${PG_PASSFILE_ENTRIES[@]}"
    if [ -r "$previous" ] && [ "$previous" != "$VIGIL_PASSFILE" ]; then cat "$previous"; fi
  } >"$VIGIL_PASSFILE"
}

# pg_passfile_remove: deletes the passfile pg_url_passfile wrote (call it from an EXIT trap).
pg_passfile_remove() { if [ -n "${VIGIL_PASSFILE:-}" ]; then rm -f "$VIGIL_PASSFILE"; fi; }

# Percent-decoding (URLs) and the passfile's escapes (backslash before ':' and '\').
pg_url_decode() {
  local s=${1//\\/\\\\}
  printf '%b' "${s//%/\\x}"
}
pg_passfile_escape() {
  local s=${1//\\/\\\\}
  printf '%s' "${s//:/\\:}"
}

# pg_client_dir URL: a folder with pg_dump, pg_restore and psql of the server's major version,
# else of a newer one (pg_dump refuses servers newer than itself). $VIGIL_PG_BINDIR overrides.
# Debian's /usr/bin wrappers are avoided: they may pick another installed cluster's version.
pg_client_dir() {
  local url=$1 dir major server
  if [ -n "${VIGIL_PG_BINDIR:-}" ]; then
    dir=$VIGIL_PG_BINDIR
  else
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [ -x "$dir/pg_dump" ] || dir=$(pg_bindir)
  fi
  if [ ! -x "$dir/pg_dump" ] || [ ! -x "$dir/pg_restore" ] || [ ! -x "$dir/psql" ]; then
    die "pg_dump, pg_restore or psql missing in $dir"
  fi
  server=$("$dir/psql" -X -q -w -At -v ON_ERROR_STOP=1 -d "$url" -c 'SHOW server_version_num') ||
    die "cannot connect to $(pg_url_redacted "$url")"
  server=$((server / 10000))
  # A matching version when installed, else the newest.
  if [ -z "${VIGIL_PG_BINDIR:-}" ] && [ -x "/usr/lib/postgresql/$server/bin/pg_dump" ]; then
    dir=/usr/lib/postgresql/$server/bin
  fi
  major=$("$dir/pg_dump" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
  [ "$major" -ge "$server" ] ||
    die "the server runs PostgreSQL $server but $dir/pg_dump is $major: install postgresql-client-$server (or set VIGIL_PG_BINDIR)"
  echo "$dir"
}

# vigil_bin: the vigil binary for `vigil backups`: $VIGIL_BIN, else built from this checkout
# (debug; quick when it is current), else `vigil` on PATH.
vigil_bin() {
  if [ -n "${VIGIL_BIN:-}" ]; then
    echo "$VIGIL_BIN"
  elif command -v cargo >/dev/null 2>&1 && [ -f "$REPO_ROOT/Cargo.toml" ]; then
    log "building vigil (set VIGIL_BIN to use a built binary)"
    (cd "$REPO_ROOT" && cargo build -q -p vigil-cli --locked >&2) || die "cargo build failed"
    echo "${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/vigil"
  elif command -v vigil >/dev/null 2>&1; then
    command -v vigil
  else
    die "vigil not found: set VIGIL_BIN to the vigil binary"
  fi
}

# human_bytes N: 1.5 GiB style.
human_bytes() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1" 2>/dev/null || echo "$1 bytes"; }

# --- Node services (Azurite, maildev) ---------------------------------------------------

# Installs scripts/services/node_modules when missing or when the lockfile changed.
services_install() {
  local stamp="$SERVICES_DIR/node_modules/.vigil-lock-hash" want
  want=$(sha256sum "$SERVICES_DIR/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing test services (Azurite, maildev) with npm ci"
  (cd "$SERVICES_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

# --- Web app -----------------------------------------------------------------------------

WEB_DIR="$REPO_ROOT/web"

# Installs web/node_modules when missing or when the lockfile changed.
web_install() {
  local stamp="$WEB_DIR/node_modules/.vigil-lock-hash" want
  want=$(sha256sum "$WEB_DIR/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing the web app's packages with npm ci"
  (cd "$WEB_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

# Builds web/dist (type check, bundle, size report).
web_build() {
  log "building the web app"
  (cd "$WEB_DIR" && npm run --silent build)
}

# --- API fuzzing (schemathesis) ------------------------------------------------------------

FUZZ_DIR="$REPO_ROOT/scripts/fuzz"

# Installs the pinned schemathesis into .data/tools/fuzz-venv when missing or when its pin
# changed; prints the path of its executable.
fuzz_install() {
  local venv="$REPO_ROOT/.data/tools/fuzz-venv" want
  want=$(sha256sum "$FUZZ_DIR/requirements.txt" | cut -d' ' -f1)
  if [ ! -f "$venv/.vigil-hash" ] || [ "$(cat "$venv/.vigil-hash")" != "$want" ]; then
    # Debian splits venv support (ensurepip) into its own package.
    command -v python3 >/dev/null && python3 -c 'import ensurepip' 2>/dev/null ||
      apt_install python3 python3-venv >&2
    log "installing schemathesis into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$FUZZ_DIR/requirements.txt" >&2
    echo "$want" >"$venv/.vigil-hash"
  fi
  echo "$venv/bin/schemathesis"
}

# api_fuzz URL EMAIL PASSWORD WORKDIR: signs in as EMAIL and runs a bounded schemathesis run
# over every operation that does not end the session or the organisation; fails on any 5xx or
# on a status code the OpenAPI document does not list for the operation.
api_fuzz() {
  local url=$1 email=$2 password=$3 work=$4 st login csrf cookie org
  st=$(fuzz_install)
  mkdir -p "$work"
  login=$(curl -sS -c "$work/cookies" -H 'Content-Type: application/json' -H "Origin: $url" \
    -d "$(printf '{"email":"%s","password":"%s"}' "$email" "$password")" "$url/api/v1/auth/login")
  csrf=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  org=$(printf '%s' "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["current_organization_id"])')
  cookie=$(awk '/vigil_session/ {print $6 "=" $7}' "$work/cookies")
  [ -n "$csrf" ] && [ -n "$cookie" ] || die "api_fuzz: could not sign in as $email"
  # Organisation operations run against the signed-in owner's organisation.
  printf '[parameters]\n"path.org_id" = "%s"\n' "$org" >"$work/schemathesis.toml"
  (cd "$work" && "$st" run "$url/openapi.json" \
    --checks not_a_server_error,status_code_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "${VIGIL_FUZZ_EXAMPLES:-25}" --seed "${VIGIL_FUZZ_SEED:-1}" --no-shrink \
    --exclude-operation-id-regex '^(logout|revoke_other_sessions|revoke_my_session|delete_organization|leave_organization)$' \
    -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Origin: $url" \
    --output-truncate true) || return 1
  # A run whose session ended early only tested the sign-in wall.
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/api/v1/auth/session")" = 200 ] ||
    die "api_fuzz: the session ended during the run, so it proved little"
}
