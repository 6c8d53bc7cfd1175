#!/usr/bin/env bash
# A slow client's cost: request heads of 7 KiB and 28 KiB sent one byte per TCP segment, and the
# server's CPU time per byte from /proc (every thread's schedstat), for hexhttp on both transports
# and for Netty 4.2. Each server pinned to CPU 0, the client to CPU 1. About 1.5 minutes.
#   scripts/drip.sh [HEAD_BYTES...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=drip
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"
need taskset
build_all

sizes=("$@")
run_sizes() { local name=$1 port=$2; shift 2
  taskset -c 0 "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  await_port "$port"
  echo "== $name"
  taskset -c 1 "$java" -cp "$cp" io.hexhttp.bench.DripClient "$port" "$pid" "${sizes[@]}" | sed 's/^/   /'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
run_sizes "hexhttp event-loop" 18091 "$root/your_program.sh" --port 18091 --transport event-loop
run_sizes "hexhttp virtual-threads" 18092 "$root/your_program.sh" --port 18092 --transport virtual-threads
run_sizes "netty" 18093 "$java" -cp "$cp" io.hexhttp.bench.NettyServer 18093
