#!/usr/bin/env bash
# Private, throwaway PostgreSQL and MariaDB instances for the integration tests.
#
#   scripts/test-servers.sh start   # install if needed (root), start both, print env
#   scripts/test-servers.sh env     # print the export lines: eval "$(scripts/test-servers.sh env)"
#   scripts/test-servers.sh status  # exit 0 both running, 1 one running, 3 none
#   scripts/test-servers.sh stop    # stop both, delete all their data
#
# Settings (deliberately NOT named DUALACCESS_*: the product treats every
# DUALACCESS_* variable as its own configuration and rejects unknown ones):
#   DA_TEST_STATE         state dir (default /tmp/dualaccess-test-servers)
#   DA_TEST_PG_PORT       preferred PostgreSQL port (default 55432; next free one if busy)
#   DA_TEST_MARIADB_PORT  preferred MariaDB port (default 53306; next free one if busy)
#   DA_TEST_PG_BIN        PostgreSQL bin dir (default: newest /usr/lib/postgresql/*/bin)
#   DA_TEST_TIMEOUT       seconds to wait for each server to come up (default 60)
#
# The Debian system services are never used: they may be absent, on the
# default ports, or configured differently on a developer's machine.
set -euo pipefail

STATE=${DA_TEST_STATE:-/tmp/dualaccess-test-servers}
[[ $STATE == /* ]] || STATE="$PWD/$STATE"
STATE=${STATE%/}
TIMEOUT=${DA_TEST_TIMEOUT:-60}
MARKER="$STATE/.dualaccess-test-state" # proves the dir is ours before rm -rf
ENV_FILE="$STATE/env.sh"
DB_USER=dualaccess
DB_PASSWORD=dualaccess

PG_DIR="$STATE/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"
PG_LOG="$PG_DIR/postgres.log"
MDB_DIR="$STATE/mariadb"
MDB_DATA="$MDB_DIR/data"
MDB_SOCK="$MDB_DIR/mariadb.sock"
MDB_PID="$MDB_DIR/mariadb.pid"
MDB_LOG="$MDB_DIR/mariadb.log"
MDB_PORT_FILE="$MDB_DIR/port"

IS_ROOT=false
[[ $(id -u) -eq 0 ]] && IS_ROOT=true

log() { printf 'test-servers: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- binaries

find_pg_bin() {
  if [[ -n ${DA_TEST_PG_BIN:-} ]]; then
    [[ -x $DA_TEST_PG_BIN/initdb ]] && printf '%s\n' "$DA_TEST_PG_BIN"
    return 0
  fi
  local d
  # Debian installs each major version side by side; take the newest.
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] && printf '%s\n' "$d"
  done | sort -V | tail -n 1
}

# First of the given program names found on PATH or in /usr/sbin
# (mariadbd lives in /usr/sbin, which is not on a normal user's PATH).
find_prog() {
  local p
  for p in "$@"; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return 0; fi
    if [[ -x /usr/sbin/$p ]]; then printf '%s\n' "/usr/sbin/$p"; return 0; fi
  done
  return 0
}

resolve_bins() {
  PG_BIN=$(find_pg_bin)
  MARIADBD=$(find_prog mariadbd mysqld)
  MDB_INSTALL_DB=$(find_prog mariadb-install-db mysql_install_db)
  MDB_CLIENT=$(find_prog mariadb mysql)
  MDB_ADMIN=$(find_prog mariadb-admin mysqladmin)
  # Browser tests (dashboard, HTML report) drive Debian's Chromium through its chromedriver.
  CHROMIUM=$(find_prog chromium chromium-browser)
  CHROMEDRIVER=$(find_prog chromedriver)
}

bins_missing() {
  [[ -z $PG_BIN || -z $MARIADBD || -z $MDB_INSTALL_DB || -z $MDB_CLIENT || -z $MDB_ADMIN || -z $CHROMIUM || -z $CHROMEDRIVER ]] ||
    ! command -v psql >/dev/null 2>&1
}

# True when dpkg says a package is unpacked but not configured: another apt
# run is installing it right now, so its files may be incomplete.
pkg_in_flux() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  local s
  s=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) || return 1
  case $s in
    '' | installed | not-installed | config-files | triggers-pending | triggers-awaited) return 1 ;;
    *) return 0 ;;
  esac
}

pkg_installed() {
  command -v dpkg-query >/dev/null 2>&1 || return 1
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# Installs only the packages that are missing (or half-installed by an apt run that died), and
# never upgrades one that is installed: a developer's PostgreSQL or Chromium stays as it is.
ensure_installed() {
  resolve_bins
  local pkgs=(postgresql mariadb-server mariadb-client chromium chromium-driver) missing=() in_flux=false p
  for p in "${pkgs[@]}"; do pkg_in_flux "$p" && in_flux=true; done
  bins_missing || $in_flux || return 0
  for p in "${pkgs[@]}"; do
    if pkg_in_flux "$p" || ! pkg_installed "$p"; then missing+=("$p"); fi
  done
  # Installed per dpkg, yet a binary is absent: installing again would not change that.
  ((${#missing[@]} > 0)) ||
    die "packages ${pkgs[*]} are installed but a binary is missing (PG_BIN='$PG_BIN' mariadbd='$MARIADBD' chromium='$CHROMIUM' chromedriver='$CHROMEDRIVER')"

  $IS_ROOT || die "PostgreSQL/MariaDB server or Chromium not (fully) installed; run as root or: sudo apt-get install -y ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log "installing ${missing[*]} (waits for the dpkg lock if another apt run holds it)"
  # apt-get update has no lock timeout of its own; retry while another apt run holds the lists lock.
  local i
  for ((i = 0; ; i++)); do
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2 && break
    ((i < 60)) || die "apt-get update kept failing"
    log "apt-get update failed (lock held?); retrying in 10 s"
    sleep 10
  done
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends --no-upgrade "${missing[@]}" >&2
  resolve_bins
  ! bins_missing || die "packages installed but binaries still missing (PG_BIN='$PG_BIN' mariadbd='$MARIADBD')"
}

# ---------------------------------------------------------------- helpers

# Alive and not a zombie: a killed server whose parent (init) has not reaped
# it yet still answers kill -0 and still has its comm.
proc_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # the state letter follows the last ')' (comm may hold spaces)
  [[ ${stat:0:1} != Z ]]
}

# Kill any live process still working in dir (cwd inside it): the orphaned
# children of a crashed server, which would block a restart or outlive stop.
kill_leftovers() {
  local dir=$1 p cwd pids=()
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    [[ $cwd == "$dir" || $cwd == "$dir"/* ]] || continue
    proc_alive "${p#/proc/}" && pids+=("${p#/proc/}")
  done
  ((${#pids[@]})) || return 0
  log "killing leftover processes in $dir: ${pids[*]}"
  kill -KILL "${pids[@]}" 2>/dev/null || true
  sleep 0.5
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port() {
  if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < 1024 || $2 > 65535)); then
    die "$1=$2 is not a port in 1024-65535"
  fi
}

pick_port() {
  local p=$1 end=$(($1 + 200))
  ((end <= 65536)) || end=65536
  while ((p < end)); do
    if ! port_busy "$p"; then printf '%s\n' "$p"; return 0; fi
    p=$((p + 1))
  done
  die "no free port in $1..$((end - 1))"
}

# Unix sockets paths are limited to ~107 bytes.
check_sock_len() {
  ((${#1} < 100)) || die "socket path too long ($1); set DA_TEST_STATE to a shorter dir"
}

# The servers refuse to run as root (PostgreSQL) or should not (MariaDB):
# as root, run them as their Debian system users. cd first, because the
# caller's cwd (e.g. /root) may be unreadable to that user.
as_user() {
  local user=$1; shift
  if $IS_ROOT; then
    (cd "$STATE" && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}
as_pg() { as_user postgres "$@"; }

give_to() {
  if $IS_ROOT; then chown -R "$1:$1" "$2"; fi
}

prepare_state_dir() {
  if [[ -e $STATE && ! -f $MARKER ]] && [[ -n $(ls -A "$STATE" 2>/dev/null) ]]; then
    die "$STATE exists, is not empty and was not made by this script; refusing to use it"
  fi
  mkdir -p "$STATE"
  chmod 755 "$STATE" # the postgres/mysql users must be able to traverse it
  touch "$MARKER"
  if $IS_ROOT; then
    # Every ancestor must be traversable by the service users, or initdb fails obscurely.
    runuser -u postgres -- test -x "$STATE" ||
      die "user postgres cannot reach $STATE; set DA_TEST_STATE to a dir under /tmp"
  fi
}

print_log_and_die() {
  local msg=$1 file=$2
  log "ERROR: $msg; last lines of $file:"
  tail -n 60 "$file" >&2 2>/dev/null || true
  exit 1
}

# ---------------------------------------------------------------- PostgreSQL

pg_running() {
  [[ -n $PG_BIN && -f $PG_DATA/postmaster.pid ]] &&
    proc_alive "$(head -n 1 "$PG_DATA/postmaster.pid")" &&
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

start_pg() {
  check_sock_len "$PG_SOCK/.s.PGSQL.65535"
  if pg_running; then
    PG_PORT=$(sed -n 4p "$PG_DATA/postmaster.pid") # line 4 of postmaster.pid is the port
    log "PostgreSQL already running on port $PG_PORT; reusing it"
  else
    if [[ ! -f $PG_DIR/.initialized ]]; then
      rm -rf "$PG_DIR"
      mkdir -p "$PG_DIR" "$PG_SOCK"
      chmod 700 "$PG_SOCK"
      give_to postgres "$PG_DIR"
      log "initdb $PG_DATA"
      # C.UTF-8: deterministic sort order, yet full Unicode upper()/lower().
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
      # Durability is pointless for throwaway test data; speed is not.
      cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- dualaccess test instance ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCK'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 256MB
EOF
      # Admin goes over the private socket (trust); the tests use TCP with a password.
      cat >"$PG_DATA/pg_hba.conf" <<'EOF'
local all all                trust
host  all all 127.0.0.1/32   scram-sha-256
host  replication all 127.0.0.1/32 scram-sha-256
EOF
      give_to postgres "$PG_DATA"
      touch "$PG_DIR/.initialized"
    fi
    if [[ -f $PG_DATA/postmaster.pid ]]; then
      # A crashed server: postgres would refuse to start while the pid file
      # (or its socket lock) names a pid that still exists, e.g. an unreaped zombie.
      log "PostgreSQL left a stale postmaster.pid; cleaning up"
      kill_leftovers "$PG_DATA"
      rm -f "$PG_DATA/postmaster.pid" "$PG_SOCK"/.s.PGSQL.*
    fi
    PG_PORT=$(pick_port "${DA_TEST_PG_PORT:-55432}")
    log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
    # Logical decoding for the cdc module (Debezium's pgoutput); given on the
    # command line so that a data directory from an older script gets it too.
    grep -q '^host  replication' "$PG_DATA/pg_hba.conf" ||
      echo 'host  replication all 127.0.0.1/32 scram-sha-256' >>"$PG_DATA/pg_hba.conf"
    # 9>&- : the server must not inherit (and so keep holding) our lock.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" \
      -o "-p $PG_PORT -c wal_level=logical -c max_replication_slots=40 -c max_wal_senders=40" -w -t "$TIMEOUT" start \
      >/dev/null 9>&- || print_log_and_die "PostgreSQL did not come up within ${TIMEOUT}s" "$PG_LOG"
  fi

  local deadline=$((SECONDS + TIMEOUT))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    ((SECONDS < deadline)) || print_log_and_die "PostgreSQL did not come up within ${TIMEOUT}s" "$PG_LOG"
    sleep 0.5
  done

  # Idempotent, so it also repairs a reused instance.
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres \
    >/dev/null <<'SQL' || die "PostgreSQL setup SQL failed"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dualaccess') THEN
    CREATE ROLE dualaccess LOGIN CREATEDB REPLICATION PASSWORD 'dualaccess';
  ELSE
    ALTER ROLE dualaccess LOGIN CREATEDB REPLICATION PASSWORD 'dualaccess';
  END IF;
END
$$;
SELECT 'CREATE DATABASE da_a OWNER dualaccess' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'da_a')
\gexec
SELECT 'CREATE DATABASE da_b OWNER dualaccess' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'da_b')
\gexec
SQL

  # Prove the exact credentials the tests will use work over TCP.
  PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -At \
    -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d da_b -c 'select 1' >/dev/null ||
    die "cannot log in to PostgreSQL as $DB_USER over TCP"
}

stop_pg() {
  [[ -f $PG_DATA/postmaster.pid ]] || return 0
  local pid
  pid=$(head -n 1 "$PG_DATA/postmaster.pid")
  if [[ -n $PG_BIN ]] && pg_running; then
    log "stopping PostgreSQL (pid $pid)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  # Last resort (pg_ctl missing or stuck): kill it if the pid is still a postgres.
  if [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]]; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------- MariaDB

mdb_pid() {
  local pid
  pid=$(cat "$MDB_PID" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" || return 1
  # Guard against a stale pid file whose pid was reused by something else.
  case $(cat "/proc/$pid/comm" 2>/dev/null) in
    mariadbd | mysqld) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

mdb_running() { mdb_pid >/dev/null; }

mdb_root() { "$MDB_CLIENT" --no-defaults --socket="$MDB_SOCK" -uroot "$@"; }

start_mariadb() {
  check_sock_len "$MDB_SOCK"
  # As root, run as the Debian 'mysql' user rather than as root.
  local run_user=""
  if $IS_ROOT; then
    run_user=root
    if id mysql >/dev/null 2>&1; then run_user=mysql; fi
  fi
  if mdb_running && [[ -f $MDB_PORT_FILE ]]; then
    MDB_PORT=$(cat "$MDB_PORT_FILE")
    log "MariaDB already running on port $MDB_PORT; reusing it"
  else
    if mdb_running; then # running but port unknown: restart cleanly
      stop_mariadb
    fi
    kill_leftovers "$MDB_DATA"
    if [[ ! -f $MDB_DIR/.initialized ]]; then
      rm -rf "$MDB_DIR"
      mkdir -p "$MDB_DATA"
      chmod 750 "$MDB_DIR"
      if [[ -n $run_user ]]; then give_to "$run_user" "$MDB_DIR"; fi
      log "mariadb-install-db $MDB_DATA"
      # --no-defaults everywhere: ignore /etc/mysql and ~/.my.cnf entirely.
      "$MDB_INSTALL_DB" --no-defaults --datadir="$MDB_DATA" ${run_user:+--user="$run_user"} \
        --auth-root-authentication-method=normal --skip-test-db \
        --skip-name-resolve >"$MDB_DIR/install-db.log" 2>&1 ||
        { cat "$MDB_DIR/install-db.log" >&2; die "mariadb-install-db failed"; }
      if [[ -n $run_user ]]; then give_to "$run_user" "$MDB_DIR"; fi
      touch "$MDB_DIR/.initialized"
    fi
    MDB_PORT=$(pick_port "${DA_TEST_MARIADB_PORT:-53306}")
    [[ ${PG_PORT:-} != "$MDB_PORT" ]] || MDB_PORT=$(pick_port $((MDB_PORT + 1)))
    printf '%s\n' "$MDB_PORT" >"$MDB_PORT_FILE"
    log "starting MariaDB ($MARIADBD) on 127.0.0.1:$MDB_PORT"
    rm -f "$MDB_PID"
    # setsid: detach from the caller's terminal/session so the server outlives
    # it; 9>&- so it does not keep holding our lock.
    # utf8mb4: --no-defaults would otherwise leave the server on latin1.
    setsid "$MARIADBD" --no-defaults --datadir="$MDB_DATA" ${run_user:+--user="$run_user"} \
      --bind-address=127.0.0.1 --port="$MDB_PORT" --socket="$MDB_SOCK" --pid-file="$MDB_PID" \
      --log-error="$MDB_LOG" --skip-name-resolve \
      --log-bin="$MDB_DATA/binlog" --server-id=1 --binlog-format=ROW --binlog-row-image=FULL \
      --expire-logs-days=1 --log-bin-trust-function-creators=1 \
      --max-connections=500 --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
      </dev/null >>"$MDB_LOG" 2>&1 9>&- &
    local launched=$!
    local deadline=$((SECONDS + TIMEOUT))
    until "$MDB_ADMIN" --no-defaults --socket="$MDB_SOCK" -uroot --connect-timeout=2 ping >/dev/null 2>&1; do
      proc_alive "$launched" || print_log_and_die "mariadbd exited during startup" "$MDB_LOG"
      ((SECONDS < deadline)) || print_log_and_die "MariaDB did not come up within ${TIMEOUT}s" "$MDB_LOG"
      sleep 0.5
    done
  fi

  # Idempotent. 'localhost' matches socket logins, '127.0.0.1'/'%' TCP ones
  # (with skip-name-resolve). `da\_%` lets tests create more da_* databases.
  mdb_root -e "$(cat <<'SQL'
DROP USER IF EXISTS ''@'localhost';
CREATE USER IF NOT EXISTS 'dualaccess'@'%' IDENTIFIED BY 'dualaccess';
CREATE USER IF NOT EXISTS 'dualaccess'@'localhost' IDENTIFIED BY 'dualaccess';
CREATE USER IF NOT EXISTS 'dualaccess'@'127.0.0.1' IDENTIFIED BY 'dualaccess';
CREATE DATABASE IF NOT EXISTS da_a CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE IF NOT EXISTS da_b CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
GRANT ALL PRIVILEGES ON `da_a`.* TO 'dualaccess'@'%', 'dualaccess'@'localhost', 'dualaccess'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `da_b`.* TO 'dualaccess'@'%', 'dualaccess'@'localhost', 'dualaccess'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `da\_%`.* TO 'dualaccess'@'%', 'dualaccess'@'localhost', 'dualaccess'@'127.0.0.1';
-- Reading the binlog (the cdc module's MariaDB/MySQL source) needs these server-wide.
GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'dualaccess'@'%', 'dualaccess'@'localhost', 'dualaccess'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
)" || die "MariaDB setup SQL failed"
  # install-db also makes password-less root@127.0.0.1/::1/<hostname>: anyone
  # on the machine could log in over TCP. Keep only root via the private socket.
  mdb_root -N -e "SELECT CONCAT('DROP USER ', QUOTE(user), '@', QUOTE(host), ';') FROM mysql.user
                  WHERE user IN ('', 'root') AND host <> 'localhost'" | mdb_root ||
    die "MariaDB setup SQL (dropping TCP root accounts) failed"

  "$MDB_CLIENT" --no-defaults -h127.0.0.1 -P"$MDB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" \
    --connect-timeout=10 da_b -e 'select 1' >/dev/null ||
    die "cannot log in to MariaDB as $DB_USER over TCP"
}

stop_mariadb() {
  local pid i
  pid=$(mdb_pid) || return 0
  log "stopping MariaDB (pid $pid)"
  # SIGTERM is mariadbd's normal clean shutdown and needs no credentials.
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do
    proc_alive "$pid" || return 0
    sleep 0.5
  done
  log "MariaDB did not stop in 60 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- env file

write_env() {
  local tmp="$ENV_FILE.tmp"
  cat >"$tmp" <<EOF
export TEST_PG_URL_A='jdbc:postgresql://127.0.0.1:$PG_PORT/da_a'
export TEST_PG_URL_B='jdbc:postgresql://127.0.0.1:$PG_PORT/da_b'
export TEST_PG_USER='$DB_USER'
export TEST_PG_PASSWORD='$DB_PASSWORD'
export TEST_PG_PORT='$PG_PORT'
export TEST_PG_BIN='$PG_BIN'
export TEST_MARIADB_URL_A='jdbc:mariadb://127.0.0.1:$MDB_PORT/da_a'
export TEST_MARIADB_URL_B='jdbc:mariadb://127.0.0.1:$MDB_PORT/da_b'
export TEST_MARIADB_USER='$DB_USER'
export TEST_MARIADB_PASSWORD='$DB_PASSWORD'
export TEST_MARIADB_PORT='$MDB_PORT'
export TEST_CHROMIUM='$CHROMIUM'
export TEST_CHROMEDRIVER='$CHROMEDRIVER'
EOF
  chmod 644 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands

# Serialise start/stop (e.g. two test runs at once). The lock lives beside
# the state dir so that stop can delete the dir while holding it.
take_lock() {
  mkdir -p "$(dirname "$STATE")"
  exec 9>"$STATE.lock"
  flock -w 600 9 || die "timed out waiting for lock $STATE.lock"
}

cmd_start() {
  check_port DA_TEST_PG_PORT "${DA_TEST_PG_PORT:-55432}"
  check_port DA_TEST_MARIADB_PORT "${DA_TEST_MARIADB_PORT:-53306}"
  take_lock
  ensure_installed
  prepare_state_dir
  start_pg
  start_mariadb
  write_env
  log "ready (state in $STATE; stop with: $0 stop)"
  cat "$ENV_FILE"
}

cmd_stop() {
  take_lock
  resolve_bins
  if [[ ! -e $STATE ]]; then
    log "nothing to stop"
    return 0
  fi
  [[ -f $MARKER ]] || die "$STATE was not made by this script; not touching it"
  stop_pg
  stop_mariadb
  kill_leftovers "$STATE"
  rm -rf "$STATE"
  log "stopped; removed $STATE"
}

cmd_env() {
  [[ -f $ENV_FILE ]] || die "servers not started ($ENV_FILE missing); run: $0 start"
  cat "$ENV_FILE"
}

cmd_status() {
  resolve_bins
  local n=0
  if pg_running; then
    log "PostgreSQL: running on port $(sed -n 4p "$PG_DATA/postmaster.pid") (data $PG_DATA)"
    n=$((n + 1))
  else
    log "PostgreSQL: not running"
  fi
  if mdb_running; then
    log "MariaDB: running on port $(cat "$MDB_PORT_FILE" 2>/dev/null || echo '?') (data $MDB_DATA)"
    n=$((n + 1))
  else
    log "MariaDB: not running"
  fi
  case $n in 2) return 0 ;; 1) return 1 ;; *) return 3 ;; esac
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
