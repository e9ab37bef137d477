#!/usr/bin/env bash
# pysock benchmarks, all in one run so the figures can be compared as ratios (this machine is noisy).
# See usage() below, or bench/run.sh --help; docs/benchmarks.md explains each row.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
  cat <<'USAGE'
usage: bench/run.sh [startup|throughput|all]     (default: all = startup, then throughput)
       bench/run.sh hotpath [--quick]           the hot-path table: bench/hotpath.sh --help
       bench/run.sh --help

startup     Start-up table: for each runtime, the median (min-max) over BENCH_RUNS runs of
              (a) server start -> listening: start the tutorial server, time until port 12345
                  accepts a TCP connection (polled every ~20 ms), then stop the server;
              (b) client run: with a CPython server3.py listening on 12345, the wall time of
                  the tutorial client process from start to exit (its output must contain
                  欢迎访问菜鸟教程！).
            This tree's daemon is stopped first; each row gets one untimed warm-up run of (a)
            and (b), which also starts the daemon again. Rows: pysock via the
            warm daemon (client.py, and client3.py), pysock --no-daemon, pysock
            --sockets=graalpy (daemon: client only, see docs; and --no-daemon), CPython python3 (client3.py/server3.py),
            Jython 2.7.4 (client.py/server.py, java -jar on pysock's JDK), and a "fresh machine"
            run (daemon stopped, empty cache dir: one run each). Runs go round-robin over the
            rows, so a change in the machine's load hits every row alike. Ratios against
            Jython and CPython follow the table.
throughput  The older table: one tutorial client run, netbench.py bulk MB/s and aecho round trips/s
            for pysock (JIT, interpreted; --no-daemon), GraalPy's sockets and CPython.

Environment:
  BENCH_RUNS=5            timed runs per row and measurement (startup; at least 5 for figures)
  BENCH_SETTLE=3          seconds to pause before a timed run through the daemon, so its spare
                          context has been booted (it is booted after each run, on its own thread)
  BENCH_FRESH=1           0 skips the fresh-machine row (it stops this tree's daemon)
  BENCH_ROWS="warm2 ..."  only these rows (ids: warm2 warm3 nod gpd gpn), plus cpy and jy always
  BENCH_PORT_WAIT=0       seconds to wait for port 12345 to become free before giving up
  BENCH_LISTEN_LIMIT=300  seconds a server may take to listen before the run counts as failed
  BENCH_CLIENT_LIMIT=300  seconds a client may take before it is killed and counted as failed
  BENCH_MAX_FAILS=2       failed runs after which a row gives up (a failed run is not counted; the
                          row is warmed up again; a row with fewer timed runs shows n=...)
  JYTHON_JAR=PATH         a jython-standalone-2.7.4.jar; else bench/target/, fetched with Maven
                          (mvn dependency:copy, org.python:jython-standalone:2.7.4) if missing

Needs bash, coreutils (date, timeout, sort), awk, python3, Maven (for the Jython jar) and a JDK
21+ (./pysock --find-jdk). Port 12345 is hard-coded in the tutorial: the script stops with a
message if something else listens there. Servers it starts are stopped on exit.
USAGE
}

mode=all
case "${1:-}" in
  hotpath) shift; exec bench/hotpath.sh "$@" ;;
  -h|--help) usage; exit 0 ;;
  ""|all) mode=all ;;
  startup|throughput) mode=$1 ;;
  *) echo "bench/run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

RUNS=${BENCH_RUNS:-5}
SETTLE=${BENCH_SETTLE:-3}
PORT=12345
PORT_WAIT=${BENCH_PORT_WAIT:-0}
LISTEN_LIMIT=${BENCH_LISTEN_LIMIT:-300}
CLIENT_LIMIT=${BENCH_CLIENT_LIMIT:-300}
MAX_FAILS=${BENCH_MAX_FAILS:-2}
EXPECT='欢迎访问菜鸟教程！'
T=examples/tutorial

JDK=$(./pysock --find-jdk)
# The tutorial binds to socket.gethostname(): probe the address that name resolves to.
HOST=$(getent hosts "$(hostname)" 2>/dev/null | awk '{print $1; exit}')
HOST=${HOST:-127.0.0.1}

work=$(mktemp -d "${TMPDIR:-/tmp}/pysock-bench.XXXXXX")
server_pid=""
MS=0
fresh_daemon=0
cleanup() {
  local rc=$?
  [ -n "$server_pid" ] && stop_server quiet
  if [ "$fresh_daemon" = 1 ]; then  # the daemon started with the empty cache dir: don't leave it
    ./pysock daemon stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "bench/run.sh: $*" >&2; exit 1; }
now_ns() { date +%s%N; }

# True if something accepts a TCP connection on HOST:PORT (or 127.0.0.1:PORT). The probe closes
# first, so the TIME_WAIT is on its side and the server can bind 12345 again at once.
port_accepts() {
  local h
  for h in "$HOST" 127.0.0.1; do
    timeout 2 bash -c "exec 3<>/dev/tcp/$h/$PORT && exec 3<&-" 2>/dev/null && return 0
    [ "$HOST" = 127.0.0.1 ] && break
  done
  return 1
}

# True if a socket listens on PORT. With ss this also sees a listener whose backlog is full (a
# connect to it hangs, so port_accepts alone would call the port free).
port_listening() {
  if command -v ss >/dev/null; then [ -n "$(ss -ltnH "sport = :$PORT" 2>/dev/null)" ]; else port_accepts; fi
}

who_listens() {
  command -v ss >/dev/null && ss -ltnpH "sport = :$PORT" 2>/dev/null | sed 's/^/    /' || true
}

# Waits (at most BENCH_PORT_WAIT s) until nothing listens on 12345; else stops the benchmark.
ensure_port_free() {
  local end=$(( $(date +%s) + PORT_WAIT ))
  while port_listening; do
    if [ "$(date +%s)" -ge "$end" ]; then
      echo "bench/run.sh: port $PORT (hard-coded in the tutorial) is already in use:" >&2
      who_listens >&2
      die "stop that program first (or set BENCH_PORT_WAIT=SECONDS to wait for it)"
    fi
    sleep 0.5
  done
}

# start_server LOG CMD...: starts a server, waits until it listens; sets MS to the milliseconds
# taken (not to be run in $(...): server_pid must stay set here). Returns 1 (and says why on stderr) if it exits or does not listen within BENCH_LISTEN_LIMIT.
start_server() {
  local log=$1 t0 end; shift
  ensure_port_free
  t0=$(now_ns); end=$(( t0 + LISTEN_LIMIT * 1000000000 ))
  "$@" </dev/null >"$log" 2>&1 &
  server_pid=$!
  while :; do
    if port_accepts; then
      if kill -0 "$server_pid" 2>/dev/null; then
        MS=$(( ($(now_ns) - t0) / 1000000 )); return 0
      fi
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid" 2>/dev/null || true; server_pid=""
      echo "  server exited before listening: $*" >&2; sed 's/^/    /' "$log" | tail -5 >&2; return 1
    fi
    if [ "$(now_ns)" -ge "$end" ]; then
      echo "  server not listening after ${LISTEN_LIMIT}s: $*" >&2; stop_server quiet; return 1
    fi
    sleep 0.02
  done
}

# Stops the server started last (SIGTERM, then SIGKILL after 15 s); waits (15 s at most) until
# port 12345 is free again. Returns 1 if the server had already died (so the timing was of
# something else listening) or the port stays taken.
stop_server() {
  local pid=$server_pid i dead=0; server_pid=""
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || dead=1
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do port_listening || break; sleep 0.1; done
  [ "${1:-}" = quiet ] && return 0
  if [ "$dead" = 1 ]; then echo "  the server had exited before it was stopped" >&2; return 1; fi
  if port_listening; then echo "  port $PORT still taken after the server stopped" >&2; who_listens >&2; return 1; fi
  return 0
}

# run_client OUT CMD...: runs a client to completion; sets MS to the milliseconds taken. Returns 1 if it
# fails, times out, or does not print the tutorial's greeting.
run_client() {
  local out=$1 t0 ms rc=0; shift
  t0=$(now_ns)
  timeout "$CLIENT_LIMIT" "$@" </dev/null >"$out" 2>&1 || rc=$?
  ms=$(( ($(now_ns) - t0) / 1000000 ))
  if [ "$rc" != 0 ] || ! grep -q "$EXPECT" "$out"; then
    echo "  client failed (exit $rc, ${ms} ms): $*" >&2; sed 's/^/    /' "$out" | tail -5 >&2; return 1
  fi
  MS=$ms
}

# stats MS...: "median min max" in seconds (2 decimals); the median of an even count is the mean
# of the middle two.
stats() {
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "%.2f %.2f %.2f\n", m/1000, v[1]/1000, v[NR]/1000 }'
}

jython_jar() {
  local jar=${JYTHON_JAR:-$root/bench/target/jython-standalone-2.7.4.jar}
  if [ ! -f "$jar" ]; then
    echo "bench/run.sh: fetching org.python:jython-standalone:2.7.4 with Maven into bench/target" >&2
    (cd "$root" && mvn -q -B -N dependency:copy -Dartifact=org.python:jython-standalone:2.7.4 \
        -DoutputDirectory=bench/target) >&2 || die "could not fetch Jython with Maven (set JYTHON_JAR)"
  fi
  [ -f "$jar" ] || die "no Jython jar at $jar"
  echo "$jar"
}

startup() {
  ./pysock --version >/dev/null   # build if needed, before anything is timed
  # This tree's daemon is restarted by the first warm-up run, so it has this script's environment
  # (and network namespace); the warm-up runs then leave it warm.
  ./pysock daemon stop >/dev/null 2>&1 || true
  local jar; jar=$(jython_jar)
  local jy=("$JDK/bin/java" -Dpython.console.encoding=UTF-8 -jar "$jar")
  # id | label | server command | client command | uses the daemon (settle before timed runs)
  local rows=(
    "warm2|pysock, warm daemon (client.py, Py2)|./pysock run $T/server.py|./pysock run $T/client.py|1"
    "warm3|pysock, warm daemon (client3.py, Py3)|./pysock run $T/server3.py|./pysock run $T/client3.py|1"
    "nod|pysock --no-daemon, warm caches (Py2)|./pysock run --no-daemon $T/server.py|./pysock run --no-daemon $T/client.py|0"
    "gpd|GraalPy sockets, daemon (Py2)|-|./pysock run --sockets=graalpy $T/client.py|1"
    "gpn|GraalPy sockets, --no-daemon (Py2)|./pysock run --no-daemon --sockets=graalpy $T/server.py|./pysock run --no-daemon --sockets=graalpy $T/client.py|0"
    "cpy|CPython python3 (client3.py)|python3 $T/server3.py|python3 $T/client3.py|0"
    "jy|Jython 2.7.4 (client.py)|${jy[*]} $T/server.py|${jy[*]} $T/client.py|0"
  )
  local -A label srv cli dmn listen client
  local ids=() r id ms i l s c d
  for r in "${rows[@]}"; do
    IFS='|' read -r id l s c d <<<"$r"
    [ -n "${BENCH_ROWS:-}" ] && [[ " $BENCH_ROWS " != *" $id "* ]] && [ "$id" != jy ] && [ "$id" != cpy ] && continue
    label[$id]=$l; srv[$id]=$s; cli[$id]=$c; dmn[$id]=$d
    ids+=("$id"); listen[$id]=""; client[$id]=""
  done
  # Word-splitting the commands is deliberate: no path in them has spaces except the repo's own
  # (checked here).
  case "$root$jar$JDK" in *" "*) die "paths with spaces are not supported: $root $jar $JDK" ;; esac

  echo "start-up: host $HOST port $PORT, $RUNS timed runs per row, round-robin; $(date -u +%Y-%m-%dT%H:%MZ)" >&2
  # Round-robin over the rows: each gets an untimed warm-up (again after a failed run: a lost
  # daemon is started afresh), then RUNS timed runs; a row stops after MAX_FAILS failed runs.
  measure() {
    local kind=$1 id round busy ok
    local -A n=() bad=() warm=()
    for id in "${ids[@]}"; do n[$id]=0; bad[$id]=0; warm[$id]=0; done
    for ((round = 0; round < RUNS + 2 * MAX_FAILS + 1; round++)); do
      busy=0
      for id in "${ids[@]}"; do
        [ "${n[$id]}" -ge "$RUNS" ] || [ "${bad[$id]}" -ge "$MAX_FAILS" ] && continue
        [ "$kind" = listen ] && [ "${srv[$id]}" = - ] && continue
        busy=1
        [ "${warm[$id]}" = 1 ] && [ "${dmn[$id]}" = 1 ] && sleep "$SETTLE"
        ok=0
        if [ "$kind" = listen ]; then
          start_server "$work/server.log" ${srv[$id]} && ms=$MS && stop_server && ok=1
        else
          run_client "$work/client.out" ${cli[$id]} && ms=$MS && ok=1
        fi
        if [ "$ok" = 0 ]; then
          bad[$id]=$(( bad[$id] + 1 )); warm[$id]=0
          echo "  $kind $id: run failed (${bad[$id]} of at most $MAX_FAILS)" >&2
        elif [ "${warm[$id]}" = 0 ]; then
          warm[$id]=1; echo "  $kind $id: ${ms} ms (warm-up)" >&2
        else
          n[$id]=$(( n[$id] + 1 )); echo "  $kind $id run ${n[$id]}: ${ms} ms" >&2
          if [ "$kind" = listen ]; then listen[$id]+="$ms "; else client[$id]+="$ms "; fi
        fi
      done
      [ "$busy" = 1 ] || break
    done
  }
  measure listen
  # (b) the client's whole run, against one CPython server3.py
  start_server "$work/server.log" python3 $T/server3.py || die "could not start python3 $T/server3.py"
  measure client
  stop_server || true

  # The fresh machine: no daemon, an empty cache dir (pysock's cache is $PYSOCK_CACHE, else
  # $XDG_CACHE_HOME/pysock, else ~/.cache/pysock; GraalPy's resource cache also follows
  # XDG_CACHE_HOME). One run each: the server, then the client against that server, as in the
  # README's two terminals.
  local fresh_listen="skipped" fresh_client="skipped"
  if [ "${BENCH_FRESH:-1}" != 0 ]; then
    ./pysock daemon stop >/dev/null 2>&1 || true
    local fresh=$work/fresh; mkdir -p "$fresh/cache"
    local fenv=(env -u PYSOCK_CACHE HOME="$fresh" XDG_CACHE_HOME="$fresh/cache")
    fresh_daemon=1
    if start_server "$work/fresh-server.log" "${fenv[@]}" ./pysock run $T/server.py; then
      ms=$MS; fresh_listen=$ms; echo "  listen fresh: ${ms} ms" >&2
      if run_client "$work/client.out" "${fenv[@]}" ./pysock run $T/client.py; then
        ms=$MS; fresh_client=$ms; echo "  client fresh: ${ms} ms" >&2
      else fresh_client=failed; fi
      stop_server || true
    else fresh_listen=failed; fresh_client=failed; fi
    [ -d "$fresh/cache/pysock" ] || echo "  note: the fresh run wrote no $fresh/cache/pysock" >&2
    ./pysock daemon stop >/dev/null 2>&1 || true; fresh_daemon=0
  fi

  # The table. Ratios: this row's median over Jython's / CPython's median.
  local -A lm cm
  for id in "${ids[@]}"; do
    if [ "${srv[$id]}" = - ]; then lm[$id]="n/a - -"; elif [ -z "${listen[$id]}" ]; then lm[$id]="failed - -"; else lm[$id]=$(stats ${listen[$id]}); fi
    if [ -z "${client[$id]}" ]; then cm[$id]="failed - -"; else cm[$id]=$(stats ${client[$id]}); fi
  done
  short() { local v=($1); [ "${#v[@]}" -lt "$RUNS" ] && echo " n=${#v[@]}" || true; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2fx", a/b; else printf "-" }'; }
  local med lo hi cmed clo chi
  echo
  echo "Start-up, seconds: median (min-max) of $RUNS runs; ratios: the row's median / Jython's (Jy) or CPython's (Py)"
  echo
  printf '| %-40s | %-26s | %-26s | %-9s | %-9s | %-9s | %-9s |\n' "runtime" "server -> listening, s" "client run, s" \
    "listen/Jy" "listen/Py" "client/Jy" "client/Py"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "$(printf -- '-%.0s' {1..28})" "$(printf -- '-%.0s' {1..28})" \
    "-----------" "-----------" "-----------" "-----------"
  read -r _jl _ _ <<<"${lm[jy]}"; read -r _jc _ _ <<<"${cm[jy]}"
  read -r _pl _ _ <<<"${lm[cpy]}"; read -r _pc _ _ <<<"${cm[cpy]}"
  for id in "${ids[@]}"; do
    read -r med lo hi <<<"${lm[$id]}"; read -r cmed clo chi <<<"${cm[$id]}"
    printf '| %-40s | %-26s | %-26s | %-9s | %-9s | %-9s | %-9s |\n' "${label[$id]}" \
      "$( case $med in failed|n/a) echo "$med" ;; *) echo "$med ($lo-$hi)$(short "${listen[$id]}")" ;; esac)" \
      "$( [ "$cmed" = failed ] && echo failed || echo "$cmed ($clo-$chi)$(short "${client[$id]}")")" \
      "$(ratio "$med" "$_jl")" "$(ratio "$med" "$_pl")" "$(ratio "$cmed" "$_jc")" "$(ratio "$cmed" "$_pc")"
  done
  local fl fc
  fl=$(awk -v m="$fresh_listen" 'BEGIN { if (m ~ /^[0-9]+$/) printf "%.2f (1 run)", m/1000; else print m }')
  fc=$(awk -v m="$fresh_client" 'BEGIN { if (m ~ /^[0-9]+$/) printf "%.2f (1 run)", m/1000; else print m }')
  printf '| %-40s | %-26s | %-26s | %-9s | %-9s | %-9s | %-9s |\n' "pysock, fresh machine (Py2, 1st run)" "$fl" "$fc" \
    "$(ratio "$(awk -v m="$fresh_listen" 'BEGIN{print m/1000}')" "$_jl")" "$(ratio "$(awk -v m="$fresh_listen" 'BEGIN{print m/1000}')" "$_pl")" \
    "$(ratio "$(awk -v m="$fresh_client" 'BEGIN{print m/1000}')" "$_jc")" "$(ratio "$(awk -v m="$fresh_client" 'BEGIN{print m/1000}')" "$_pc")"
  echo
  local w2 w3
  read -r w2 _ _ <<<"${cm[warm2]:-- - -}"; read -r w3 _ _ <<<"${cm[warm3]:-- - -}"
  echo "warm daemon client (Py2 client.py) = $(ratio "$w2" "$_jc") Jython, $(ratio "$w2" "$_pc") CPython;" \
       "Py2 form / Py3 form = $(ratio "$w2" "$w3")"
  read -r w2 _ _ <<<"${lm[warm2]:-- - -}"; read -r w3 _ _ <<<"${lm[warm3]:-- - -}"
  echo "warm daemon server -> listening (Py2 server.py) = $(ratio "$w2" "$_jl") Jython, $(ratio "$w2" "$_pl") CPython;" \
       "Py2 form / Py3 form = $(ratio "$w2" "$w3")"
  echo
}

throughput() {
  # Rows run --no-daemon (a JVM per run, as when these figures were first taken); the tutorial
  # client column is one whole run against a CPython server3.py.
  ./pysock run --no-daemon -c "pass" >/dev/null 2>&1 || true   # build and unpack before timing
  t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
  local rows=(
    "pysock (JIT)|env PYSOCK_JIT=1 ./pysock run --no-daemon|"
    "pysock (interpreted)|env PYSOCK_JIT=0 ./pysock run --no-daemon|"
    "GraalPy built-in socket (JIT)|env PYSOCK_JIT=1 ./pysock run --no-daemon --sockets=graalpy|"
    "CPython python3|python3|"
  )
  local row name cmd client secs bulk echo_rate
  printf '| %-30s | %-26s | %-26s | %-18s | %-24s |\n' "runtime" "tutorial client, s" "bulk MB/s (warm)" "bulk MB/s (1st 2s)" "asyncio echo/s (warm)"
  printf '|%s|%s|%s|%s|%s|\n' "--------------------------------" "------------------------" "------------------------" "--------------------" "--------------------------"
  start_server "$work/server.log" python3 $T/server3.py || die "could not start python3 $T/server3.py"
  for row in "${rows[@]}"; do
    name=${row%%|*}; cmd=${row#*|}; cmd=${cmd%|}
    client=$T/client3.py
    secs=$(t $cmd $client)
    # best round and first round
    bulk=$($cmd bench/netbench.py bulk 2 4 2>/dev/null | awk '/^bulk / {m=0; for (i=2; i<=NF; i++) if ($i+0 > m) m=$i+0; print m, $2}')
    echo_rate=$($cmd bench/netbench.py aecho 5 4 2>/dev/null | awk '/^aecho / {m=0; for (i=2; i<=NF; i++) if ($i+0 > m) m=$i+0; print m}')
    printf '| %-30s | %-26s | %-26s | %-18s | %-24s |\n' "$name" "$secs" "${bulk% *}" "${bulk#* }" "${echo_rate:-failed}"
  done
  stop_server || true
}

case "$mode" in
  startup) startup ;;
  throughput) throughput ;;
  all) startup; throughput ;;
esac
