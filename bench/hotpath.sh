#!/usr/bin/env bash
# The hot-path table: pysock, pysock interpreted, GraalPy's own sockets, CPython and plain Java NIO
# side by side in one run, so the figures compare as ratios on this noisy machine.
# See usage() below or bench/hotpath.sh --help; docs/benchmarks.md explains each column.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
usage: bench/hotpath.sh [--quick]      (also: bench/run.sh hotpath [--quick])

For each runtime (row) it runs bench/netbench.py (bench/NioBench.java for the Java row):
  bulk      MB/s: one thread sendall()s 64 KiB, another recv_into()s, loopback TCP
  rtt/s     100 B request/response on one connection; client and server processes both pinned to
            CPU 0 (taskset), so the figure compares runtimes, not how fast an idle CPU wakes up
  conn/s    connect, send 100 B, receive the echo, close; pinned likewise
  aecho/s   asyncio: one server and 10 clients in one process, 100 B lines
  thr200/s  200 clients at once x 100 round trips against socketserver.ThreadingTCPServer
  aio200/s  the same against an asyncio.start_server echo; the clients are always NioBench load
            (plain Java), so only the server differs between rows
  idle MB   resident memory (VmRSS) of a server running the tutorial server's loop, 5 s after it
            served one client; for "pysock, resident engine" it is the daemon JVM serving that run
            (and for rtt/conn the daemon JVM itself is pinned to CPU 0 while they run, since its
            runs' processes are only clients relaying output)
  load MB   the larger VmRSS of the two 200-client servers, read when their load ended
Every in-process measurement runs BENCH_ROUNDS rounds of BENCH_SECONDS; the table shows the median
of the rounds after the first (the first is warm-up, printed in the raw lines) and the ratios
pysock/CPython and pysock/GraalPy-sockets.

Rows (BENCH_HOT_ROWS, ids): daemon (`./pysock run`, the resident engine: what a user gets; it is
started first and warmed by the first measurement), pysock (JIT, --no-daemon), pysock-int
(interpreter, --no-daemon), graalpy (--sockets=graalpy, JIT, --no-daemon), cpython (python3),
java (NioBench).

  --curve           instead of the table: the warm-up curve, bulk MB/s per 2 s round for the first
                    30 s, one line per row (rows as above)

  --quick           a check that everything runs (CI): 1 round of 0.3 s, 20 clients x 10 trips,
                    rows pysock-int cpython java; no figures to quote
Environment:
  BENCH_ROUNDS=4  BENCH_SECONDS=3  BENCH_CLIENTS=200  BENCH_TRIPS=100  BENCH_IDLE_SETTLE=5
  BENCH_HOT_ROWS="pysock pysock-int daemon graalpy cpython java"
  BENCH_RAW=FILE    also append every raw output line there
Needs bash, python3, taskset (util-linux), a JDK 21+ (./pysock --find-jdk).
USAGE
}

quick=0
curve=0
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --quick) quick=1 ;;
  --curve) curve=1 ;;
  "") ;;
  *) echo "bench/hotpath.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

if [ "$quick" = 1 ]; then
  ROUNDS=1; SECONDS_=0.3; CLIENTS=20; TRIPS=10; SETTLE=1; ROWS=${BENCH_HOT_ROWS:-"pysock-int cpython java"}
else
  ROUNDS=${BENCH_ROUNDS:-4}; SECONDS_=${BENCH_SECONDS:-3}; CLIENTS=${BENCH_CLIENTS:-200}
  TRIPS=${BENCH_TRIPS:-100}; SETTLE=${BENCH_IDLE_SETTLE:-5}
  ROWS=${BENCH_HOT_ROWS:-"daemon pysock pysock-int graalpy cpython java"}
fi

JDK=$(./pysock --find-jdk)
work=$(mktemp -d "${TMPDIR:-/tmp}/pysock-hotpath.XXXXXX")
mkdir -p bench/target/nio
"$JDK/bin/javac" -d bench/target/nio bench/NioBench.java
PIN=(taskset -c 0)
command -v taskset >/dev/null || { echo "bench/hotpath.sh: taskset not found: rtt and conn run unpinned" >&2; PIN=(); }

servers=()
cleanup() {
  local rc=$? p
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The command that runs netbench.py (or NioBench) for a row.
cmd_of() {
  case "$1" in
    pysock)     echo "env PYSOCK_JIT=1 ./pysock run --no-daemon bench/netbench.py" ;;
    pysock-int) echo "env PYSOCK_JIT=0 ./pysock run --no-daemon bench/netbench.py" ;;
    daemon)     echo "./pysock run bench/netbench.py" ;;
    graalpy)    echo "env PYSOCK_JIT=1 ./pysock run --no-daemon --sockets=graalpy bench/netbench.py" ;;
    cpython)    echo "python3 bench/netbench.py" ;;
    java)       echo "$JDK/bin/java -cp bench/target/nio NioBench" ;;
    *) echo "bench/hotpath.sh: unknown row '$1'" >&2; exit 2 ;;
  esac
}
label_of() {
  case "$1" in
    pysock) echo "pysock (JIT)" ;; pysock-int) echo "pysock (interpreter)" ;;
    daemon) echo "pysock, resident engine" ;; graalpy) echo "GraalPy sockets (JIT)" ;;
    cpython) echo "CPython python3" ;; java) echo "plain Java NIO" ;;
  esac
}

raw() { echo "  [$1] $2" >&2; [ -n "${BENCH_RAW:-}" ] && echo "$1 $2" >> "$BENCH_RAW"; return 0; }

# median of the rounds after the first (or the only round)
warm_median() {
  local -a v=("$@")
  [ ${#v[@]} -gt 1 ] && v=("${v[@]:1}")
  printf '%s\n' "${v[@]}" | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'
}

# measure ROW NAME ARGS...: runs one in-process measurement (under PREFIX, e.g. taskset), prints
# its warm median.
PREFIX=()
measure() {
  local row=$1 name=$2; shift 2
  local out
  # shellcheck disable=SC2046
  if ! out=$("${PREFIX[@]}" $(cmd_of "$row") "$@" 2>"$work/err"); then
    raw "$row" "$name FAILED: $(tail -3 "$work/err" | tr '\n' ' ')"; echo "-"; return
  fi
  local line; line=$(grep "^$name " <<<"$out" | tail -1)
  raw "$row" "$line"
  # shellcheck disable=SC2086
  warm_median ${line#"$name "}
}

# start_server ROW MODE [PREFIX...]: starts a server, waits for its port; sets SPID and SPORT.
start_server() {
  local row=$1 mode=$2; shift 2
  local pf="$work/port.$RANDOM"
  # shellcheck disable=SC2046
  "$@" $(cmd_of "$row") "$mode" "$pf" >"$work/server.out" 2>&1 &
  SPID=$!; servers+=("$SPID")
  local i
  for i in $(seq 1 1800); do
    [ -f "$pf" ] && { SPORT=$(cat "$pf"); return 0; }
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.1
  done
  raw "$row" "$mode did not start: $(tail -3 "$work/server.out" | tr '\n' ' ')"
  return 1
}

stop_server() { kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; }

# The resident memory (MB) of the process serving a run: the JVM itself for --no-daemon (the
# launcher execs it), the daemon JVM for the resident engine.
rss_mb() {
  local pid=$1
  [ "$ROW" = daemon ] && pid=$(daemon_pid)
  awk '/^VmRSS:/ {printf "%.0f\n", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "-"
}
daemon_pid() { ./pysock daemon status 2>/dev/null | sed -n 's/^pid: *\([0-9][0-9]*\).*/\1/p' | head -1; }
# pin_daemon CPUS: the resident engine's threads (all of them) onto CPUS, when the row is daemon.
pin_daemon() {
  [ "$ROW" = daemon ] && [ ${#PIN[@]} -gt 0 ] || return 0
  local p; p=$(daemon_pid); [ -n "$p" ] && taskset -a -p -c "$1" "$p" >/dev/null 2>&1 || true
}

if [ "$curve" = 1 ]; then
  for ROW in ${BENCH_HOT_ROWS:-"daemon pysock pysock-int graalpy cpython java"}; do
    out=$($(cmd_of "$ROW") bulk 2 15 2>/dev/null | grep '^bulk ' || echo "bulk FAILED")
    printf '%-26s %s\n' "$(label_of "$ROW")" "${out#bulk }"
  done
  exit 0
fi

declare -A R
ALL=$(nproc 2>/dev/null || echo 2); ALL="0-$((ALL - 1))"
for row in $ROWS; do
  ROW=$row
  echo "$(label_of "$row")..." >&2
  if [ "$row" = daemon ]; then ./pysock run -c pass >/dev/null 2>&1 || true; fi  # start the engine
  if true; then
    R[$row,bulk]=$(measure "$row" bulk bulk "$SECONDS_" "$ROUNDS")
    if start_server "$row" server "${PIN[@]}"; then
      PREFIX=("${PIN[@]}"); pin_daemon 0
      R[$row,rtt]=$(measure "$row" rtt rtt "$SPORT" "$SECONDS_" "$ROUNDS")
      R[$row,conn]=$(measure "$row" conn conn "$SPORT" "$SECONDS_" "$ROUNDS")
      PREFIX=(); pin_daemon "$ALL"
      stop_server
    fi
    [ "$row" != java ] && R[$row,aecho]=$(measure "$row" aecho aecho "$SECONDS_" "$ROUNDS")
    loadmb=0
    for kind in threaded asyncio; do
      [ "$row" = java ] && break
      if start_server "$row" "$kind-server"; then
        if out=$("$JDK/bin/java" -cp bench/target/nio NioBench load "$SPORT" "$CLIENTS" "$TRIPS" 2>&1); then
          raw "$row" "$kind-server: $out"
          R[$row,$kind]=${out#load }
        else
          raw "$row" "$kind-server load FAILED: $out"
        fi
        m=$(rss_mb "$SPID"); [ "$m" != "-" ] && [ "$m" -gt "$loadmb" ] && loadmb=$m
        stop_server
      fi
    done
    [ "$row" != java ] && R[$row,loadmb]=$loadmb
  fi
  # idle memory: the tutorial server's loop after one client
  mode=tutorial-server; [ "$row" = java ] && mode=server
  if start_server "$row" "$mode"; then
    python3 -c "import socket,sys; s=socket.create_connection(('127.0.0.1',int(sys.argv[1])),timeout=30); s.sendall(b'hi\n'); s.recv(100); s.close()" "$SPORT" 2>/dev/null || true
    sleep "$SETTLE"
    R[$row,idle]=$(rss_mb "$SPID")
    raw "$row" "idle RSS ${R[$row,idle]} MB"
    stop_server
  fi
done

v() { echo "${R[$1,$2]:--}"; }
ratio() {  # ratio A B: A/B with two decimals, or -
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx", a/b; else print "-" }'
}
cols="bulk rtt conn aecho threaded asyncio idle loadmb"
printf '\n| %-26s | %8s | %8s | %8s | %8s | %8s | %8s | %7s | %7s |\n' runtime "bulk MB/s" "rtt/s" "conn/s" "aecho/s" "thr200/s" "aio200/s" "idle MB" "load MB"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' "----------------------------" "----------" "----------" "----------" "----------" "----------" "----------" "---------" "---------"
for row in $ROWS; do
  printf '| %-26s |' "$(label_of "$row")"
  for c in $cols; do w=8; [ "$c" = idle ] || [ "$c" = loadmb ] && w=7; printf " %${w}s |" "$(v "$row" "$c")"; done
  echo
done
for mine in daemon pysock; do
  for base in cpython graalpy; do
    case " $ROWS " in *" $base "*) ;; *) continue ;; esac
    case " $ROWS " in *" $mine "*) ;; *) continue ;; esac
    printf '| %-26s |' "$( [ $mine = daemon ] && echo engine || echo JIT) / $(label_of "$base" | cut -d' ' -f1-2)"
    for c in $cols; do w=8; [ "$c" = idle ] || [ "$c" = loadmb ] && w=7; printf " %${w}s |" "$(ratio "$(v $mine "$c")" "$(v "$base" "$c")")"; done
    echo
  done
done
echo
echo "(rounds: $ROUNDS x ${SECONDS_}s, median of the rounds after the first; loads: $CLIENTS clients x $TRIPS round trips; idle after ${SETTLE}s)"

# A measurement that failed leaves "-" in its cell (its reason is in the raw lines above).
missing=0
for row in $ROWS; do
  case "$row" in java) want="bulk rtt conn idle" ;; *) want=$cols ;; esac
  for c in $want; do [ "$(v "$row" "$c")" = "-" ] && { echo "missing: $(label_of "$row") $c" >&2; missing=$((missing + 1)); }; done
done
if [ "$missing" -gt 0 ]; then
  echo "bench/hotpath.sh: $missing measurement(s) failed (see the raw lines)" >&2
  exit 1
fi
