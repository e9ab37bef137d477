#!/usr/bin/env bash
# pysock benchmarks, all in one run so the figures can be compared as ratios (this machine is noisy).
# Prints a table: start-up of the tutorial client (whole run), 64 KiB sendall/recv_into MB/s and
# asyncio echo round trips/s (bench/echo.py: event loop, epoll/select, small writes), for pysock (JIT and interpreted), GraalPy's built-in sockets (--sockets=graalpy) and CPython.
set -euo pipefail
cd "$(dirname "$0")/.."
./pysock --find-jdk >/dev/null
./pysock run -c "pass" >/dev/null 2>&1 || true   # build and unpack before timing

server_pid=""
start_server() { python3 examples/tutorial/server3.py >/dev/null 2>&1 & server_pid=$!; sleep 1; }
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

rows=(
  "pysock (JIT)|env PYSOCK_JIT=1 ./pysock run|"
  "pysock (interpreted)|env PYSOCK_JIT=0 ./pysock run|"
  "GraalPy built-in socket (JIT)|env PYSOCK_JIT=1 ./pysock run --sockets=graalpy|"
  "CPython python3|python3|"
)
printf '| %-30s | %-22s | %-22s | %-18s | %-24s |\n' "runtime" "tutorial client, s" "bulk MB/s (warm)" "bulk MB/s (1st 2s)" "asyncio echo/s (warm)"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------" "------------------------" "------------------------" "--------------------" "--------------------------"
start_server
for row in "${rows[@]}"; do
  name=${row%%|*}; cmd=${row#*|}; cmd=${cmd%|}
  client=examples/tutorial/client3.py
  secs=$(t $cmd $client)
  bulk=$($cmd bench/bulk.py 2 4 2>/dev/null | awk '/bulk/ {print $3, $4}')
  echo_rate=$($cmd bench/echo.py 5 4 2>/dev/null | awk '/^echo/ {print $2}')
  printf '| %-30s | %-22s | %-22s | %-18s | %-24s |\n' "$name" "$secs" "${bulk% *}" "${bulk#* }" "${echo_rate:-failed}"
done
stop_server
