#!/usr/bin/env bash
# Streams a large file up to hexhttp and back down with the heap capped, and prints the figures:
#   scripts/memcheck.sh [SIZE_MIB=1024] [HEAP=40m, the program's own cap]
# It proves bodies stream (upload to disk, zero-copy download) instead of passing through the heap.
set -euo pipefail
size_mib=${1:-1024}
heap=${2:-40m}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v curl >/dev/null || { echo "memcheck: needs curl (apt-get install -y curl)" >&2; exit 1; }

echo "memcheck: making a ${size_mib} MiB file of random bytes"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/source"
src_sum=$(sha256sum < "$work/source" | cut -d' ' -f1)

HEXHTTP_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log" \
  "$root/your_program.sh" --port "$port" --directory "$work/served" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null "http://localhost:$port/" && break
  sleep 0.1
done

t0=$(date +%s.%N)
up=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -T "$work/source" "http://localhost:$port/files/big")
t1=$(date +%s.%N)
down=$(curl -sS -o "$work/back" -w '%{http_code}' "http://localhost:$port/files/big")
t2=$(date +%s.%N)
rss_peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")

stored_sum=$(sha256sum < "$work/served/big" | cut -d' ' -f1)
back_sum=$(sha256sum < "$work/back" | cut -d' ' -f1)
heap_peak=$( (grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" || true) | cut -dM -f1 | sort -n | tail -1)
java_home=$(sed -n 2p "$root/http-cli/target/.java-home")
heap_now=$("$java_home/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1); exit}}')

echo "upload:   HTTP $up in $(echo "$t1 - $t0" | bc) s, stored copy $([ "$stored_sum" = "$src_sum" ] && echo identical || echo DIFFERENT)"
echo "download: HTTP $down in $(echo "$t2 - $t1" | bc) s, received copy $([ "$back_sum" = "$src_sum" ] && echo identical || echo DIFFERENT)"
echo "heap cap: -Xmx$heap; GCs: $(grep -c 'Pause' "$work/gc.log" || true); largest heap seen before a GC: ${heap_peak:-none} MiB; heap used after both transfers: ${heap_now:-?}"
echo "process RSS peak: $((rss_peak / 1024)) MiB"
if ! grep -q OutOfMemoryError "$work/server.log" && [ "$up" = 201 ] && [ "$down" = 200 ] && [ "$stored_sum" = "$src_sum" ] && [ "$back_sum" = "$src_sum" ]; then
  echo "memcheck: passed"
else
  echo "memcheck: FAILED" >&2; cat "$work/server.log" >&2; exit 1
fi
