#!/usr/bin/env bash
# Makes sure the local infrastructure Intent Radar needs is up on a Debian bookworm machine:
# PostgreSQL 15 with pgvector, NATS with JetStream, and the `intent_radar` database.
# Idempotent: a second run only checks and returns in well under two seconds.
# Used by the README commands (`npm run setup`, `npm test`) and by .ci/run (as root).
set -euo pipefail

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
NATS_HOST=127.0.0.1
NATS_PORT=4222
NATS_BIN=/usr/sbin/nats-server
NATS_STORE=/var/lib/nats-server
DB_NAME=intent_radar
WAIT_SECONDS=30
# Debian's trixie suite carries pgvector 0.8.x as a source package; bookworm has none.
PGVECTOR_SRC_LINE="deb-src http://deb.debian.org/debian trixie main"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

say() { echo "local-services: $*"; }
fail() {
  echo "local-services: $*" >&2
  exit 1
}

# Polls a check until it succeeds or WAIT_SECONDS pass; no fixed sleeps beyond the poll step.
wait_for() {
  local what="$1"
  shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then fail "$what did not answer within ${WAIT_SECONDS}s"; fi
    sleep 0.2
  done
}

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d postgres -At "$@"; }

# --- PostgreSQL -----------------------------------------------------------------------------
pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1; }

ensure_postgres() {
  command -v pg_isready >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 ||
    fail "PostgreSQL client tools are missing: apt-get install -y postgresql-15"
  if pg_answers; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    fail "PostgreSQL is not installed and nothing answers on $PGHOST:$PGPORT: apt-get install -y postgresql-15"
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  say "starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for "PostgreSQL on $PGHOST:$PGPORT" pg_answers
}

# A scratch transaction that is always rolled back: the database is left as it was.
vector_works() {
  psql_q -c 'BEGIN' -c 'CREATE EXTENSION IF NOT EXISTS vector' -c "SELECT '[1,2,3]'::vector <=> '[3,2,1]'::vector" \
    -c 'ROLLBACK' >/dev/null 2>&1
}

server_major() { psql_q -c 'SHOW server_version_num' | cut -c1-2; }

install_pgvector() {
  local major pg_config tmp
  major="$(server_major)"
  pg_config="/usr/lib/postgresql/$major/bin/pg_config"
  say "pgvector is missing; building it from Debian's source package for PostgreSQL $major"
  [ -n "$SUDO" ] || [ "$(id -u)" -eq 0 ] || fail "pgvector is missing and building it needs root (run as root or install sudo)"

  # Build tools from the machine's own apt sources. Refresh the lists only when they lack the
  # package or are too old to download from (a fresh image's lists point at superseded versions).
  local build_deps=("postgresql-server-dev-$major" build-essential dpkg-dev)
  if ! apt-cache show "postgresql-server-dev-$major" >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${build_deps[@]}" >/dev/null; then
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${build_deps[@]}" >/dev/null ||
      fail "could not install ${build_deps[*]} with apt-get"
  fi

  # Fetch the source with a private sources list, list dir and cache, so the machine's apt state is untouched.
  tmp="$(mktemp -d /tmp/pgvector-build.XXXXXX)"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src"
  echo "$PGVECTOR_SRC_LINE" >"$tmp/sources.list"
  local apt_private=(
    -o "Dir::Etc::sourcelist=$tmp/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$tmp/lists"
    -o "Dir::Cache=$tmp/cache"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Get::List-Cleanup=0"
    -o "APT::Sandbox::User=root"
  )
  apt-get "${apt_private[@]}" -qq update
  (cd "$tmp/src" && apt-get "${apt_private[@]}" -qq source pgvector >/dev/null 2>&1) ||
    fail "could not fetch the pgvector source package from '$PGVECTOR_SRC_LINE'"
  local srcdir
  srcdir="$(find "$tmp/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
  [ -n "$srcdir" ] || fail "apt-get source pgvector produced no source directory"

  # OPTFLAGS= like Debian's own build: no -march=native, so the library runs on any x86-64 CPU.
  make -s -C "$srcdir" -j"$(nproc)" PG_CONFIG="$pg_config" OPTFLAGS= >/dev/null
  $SUDO make -s -C "$srcdir" install PG_CONFIG="$pg_config" OPTFLAGS= >/dev/null
  rm -rf "$tmp"
  trap - EXIT
  vector_works || fail "pgvector was built and installed but CREATE EXTENSION vector still fails"
  say "pgvector $(basename "$srcdir" | sed 's/^pgvector-//') installed"
}

ensure_pgvector() {
  if vector_works; then return 0; fi
  # Two runs at once (CI + a developer) must not build into the same directories concurrently.
  exec 9>/tmp/intent-radar-pgvector.lock
  flock 9
  vector_works || install_pgvector
  flock -u 9
}

ensure_database() {
  if [ "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" = "1" ]; then return 0; fi
  # Another run may create it between the check and here; only a database that still is missing is an error.
  createdb "$DB_NAME" 2>/dev/null || [ "$(psql_q -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" = "1" ] ||
    fail "could not create database $DB_NAME on $PGHOST:$PGPORT"
  say "created database $DB_NAME"
}

# --- NATS -----------------------------------------------------------------------------------
# The server's INFO line says whether JetStream is on; a plain `nats-server` without -js is not enough.
nats_info() {
  local line
  exec 8<>"/dev/tcp/$NATS_HOST/$NATS_PORT" || return 1
  IFS= read -r -t 2 line <&8 || line=""
  exec 8<&-
  printf '%s' "$line"
}
nats_answers() { [[ "$(nats_info 2>/dev/null)" == INFO* ]]; }

ensure_nats() {
  if ! nats_answers; then
    [ -x "$NATS_BIN" ] || fail "nats-server is not installed and nothing answers on $NATS_HOST:$NATS_PORT: apt-get install -y nats-server"
    say "starting nats-server with JetStream"
    $SUDO mkdir -p "$NATS_STORE"
    $SUDO start-stop-daemon --start --oknodo --background --exec "$NATS_BIN" -- \
      -a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$NATS_STORE" -l /var/log/nats-server.log
    wait_for "nats-server on $NATS_HOST:$NATS_PORT (see /var/log/nats-server.log)" nats_answers
  fi
  [[ "$(nats_info)" == *'"jetstream":true'* ]] ||
    fail "nats-server on $NATS_HOST:$NATS_PORT runs without JetStream: restart it with -js"
}

ensure_postgres
ensure_pgvector
ensure_database
ensure_nats
say "ok: PostgreSQL $PGHOST:$PGPORT with pgvector, database $DB_NAME, NATS JetStream $NATS_HOST:$NATS_PORT"
