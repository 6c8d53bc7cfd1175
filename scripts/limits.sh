#!/usr/bin/env bash
# hexhttp against the limits of this machine, not another server: a one-thread C epoll server
# that answers every request head with a canned 200 (benchmarks/c/floor.c, built here with cc)
# for CPU per keep-alive request and pipelined requests per second; the same loop in Java, run
# from source with the launcher's JVM flags, on the JDK's NIO (benchmarks/nio/NioFloor.java: the
# part of the distance that is the JVM's and NIO's, not HTTP's) and on epoll through the foreign
# function API (benchmarks/nio/NativeFloor.java, JDK 22+ on x86-64: the JVM's part alone); hexhttp
# as the program runs it (on JDK 22+ its loops on epoll, --transport epoll) and on the JDK's
# selector (--transport event-loop); nginx with sendfile for a 1 GiB download
# and for 100 downloads of 10 MiB over 8 connections (Debian's nginx, its own config in a
# temporary folder; h2load from nghttp2-client as the client), and dd with fsync for a 1 GiB
# upload stored durably. Each server pinned to CPU 0, wrk and curl to CPU 1; medians of five
# rounds, and for keep-alive CPU the median of each round's own ratio to the C floor. About 6
# minutes.
#   scripts/limits.sh [SECONDS [ROUNDS]]   default 5 s, 5 rounds
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
rounds=${2:-5}
name=limits
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"
need wrk cc curl taskset
command -v h2load >/dev/null || { echo "limits: needs h2load (apt-get install nghttp2-client)" >&2; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "limits: needs nginx (apt-get install nginx-light)" >&2; exit 1; }

build_all
cc -O2 -o "$work/floor" "$root/benchmarks/c/floor.c"
mapfile -t jvm_flags < <("$root/bin/hexhttp" jvm-flags)
mkdir -p "$work/files" "$work/nginx"
chmod 755 "$work" "$work/files" # nginx's workers read as another user
head -c $((1 << 30)) /dev/urandom > "$work/files/big"
head -c $((10 << 20)) /dev/urandom > "$work/files/ten"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:18482;
    location /files/ { alias $work/files/; }
  }
}
CONF


taskset -c 0 "$root/your_program.sh" --port 18481 --directory "$work/files" > "$work/hex.log" 2>&1 &
hex=$!; pids+=("$hex")
taskset -c 0 "$root/bin/hexhttp" run --port 18485 --transport event-loop > "$work/hex-selector.log" 2>&1 &
hsel=$!; pids+=("$hsel")
taskset -c 0 "$work/floor" 18480 > "$work/floor.log" 2>&1 &
floor=$!; pids+=("$floor")
taskset -c 0 "$nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' > "$work/nginx.log" 2>&1 &
ngx=$!; pids+=("$ngx")
taskset -c 0 "$java_home/bin/java" "${jvm_flags[@]}" "$root/benchmarks/nio/NioFloor.java" 18483 \
  > "$work/nio.log" 2>&1 &
nio=$!; pids+=("$nio")
await_port 18481; await_port 18480; await_port 18482; await_port 18483; await_port 18485
native=""
jdk_major=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk '/java.specification.version/ {print $3}')
prog_transport=$([ "$jdk_major" -ge 22 ] && echo epoll || echo event-loop) # the program's choice
if [ "$(uname -m)" = x86_64 ] && [ "$jdk_major" -ge 22 ]; then
  taskset -c 0 "$java_home/bin/java" "${jvm_flags[@]}" --enable-native-access=ALL-UNNAMED \
    "$root/benchmarks/nio/NativeFloor.java" 18484 > "$work/native.log" 2>&1 &
  native=$!; pids+=("$native")
  await_port 18484
else
  echo "limits: no native floor (it needs JDK 22+ on x86-64)" >&2
fi

run() { # pid port wrk-args... -> "req/s cpu-us-per-request"
  local pid=$1 port=$2; shift 2
  local t0 t1 out rps
  t0=$(cpu_ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -d"${secs}s" "$@" "http://127.0.0.1:$port/echo/hello" 2>&1)
  t1=$(cpu_ticks "$pid")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  echo "$rps $(awk -v t=$((t1 - t0)) -v r="$rps" -v s="$secs" 'BEGIN { printf "%.2f", t * 10000 / (r * s) }')"
}
echo "limits: warming up" >&2
# both load shapes, twice: the JIT compiles a batch of 16 differently, and its compiler threads
# share the server's one CPU with the loop, so under full load they take about 15 s to finish
for pass in 1 2; do
  for port in 18481 18485 18480 18483 ${native:+18484}; do
    taskset -c 1 wrk -t1 -c64 -d"${secs}s" "http://127.0.0.1:$port/echo/hello" >/dev/null 2>&1
    taskset -c 1 wrk -t1 -c64 -d"${secs}s" -s "$root/scripts/lib/pipeline.lua" \
      "http://127.0.0.1:$port/echo/hello" >/dev/null 2>&1
  done
done
# keep-alive: the servers in a different order each round, each compared with the C floor of its
# own round (the host's load drifts over a run by more than the distances measured here)
declare -A ka=([hex]="0 0" [floor]="0 0" [nio]="0 0" [native]="0 0" [hsel]="0 0")
declare -A ka_pid=([hex]=$hex [floor]=$floor [nio]=$nio [native]=$native [hsel]=$hsel)
declare -A ka_port=([hex]=18481 [floor]=18480 [nio]=18483 [native]=18484 [hsel]=18485)
servers=(hex floor nio)
servers+=(hsel)
[ -z "$native" ] || servers+=(native)
for round in $(seq 1 "$rounds"); do
  for k in "${!servers[@]}"; do
    s=${servers[$(( (k + round) % ${#servers[@]} ))]}
    ka[$s]=$(run "${ka_pid[$s]}" "${ka_port[$s]}" -c64)
  done
  h=${ka[hex]} f=${ka[floor]} n=${ka[nio]} x=${ka[native]} y=${ka[hsel]}
  echo "ka64 $h $f $n $x $y" >> "$work/results"
  hp=$(run "$hex" 18481 -c64 -s "$root/scripts/lib/pipeline.lua"); fp=$(run "$floor" 18480 -c64 -s "$root/scripts/lib/pipeline.lua")
  echo "pipe16 $hp $fp" >> "$work/results"
  echo "round $round: ka64 hexhttp $h, floor $f, nio floor $n, native floor $x, hexhttp on the selector $y; pipeline16 hexhttp $hp, floor $fp" >&2
done
col() { awk -v s="$1" -v c="$2" '$1==s {print $c}' "$work/results" | median; }
# the median over the rounds of column A over column B of the same round, as a ratio
rcol() { awk -v s="$1" -v a="$2" -v b="$3" '$1==s && $b > 0 {print $a / $b}' "$work/results" \
  | median | awk '{printf "%.2f×", $1}'; }
fetch() { taskset -c 1 curl -sf -o /dev/null -w '%{time_total}' "$1"; }
smaller() { awk -v a="$1" -v b="$2" 'BEGIN{print (a<b)?a:b}'; }
# the file paths get the same warm-up the request paths had: a JIT still compiling them runs on
# the server's one CPU during the measurement
for port in 18481 18482; do
  taskset -c 1 curl -sf -o /dev/null "http://127.0.0.1:$port/files/big"
  for _ in 1 2 3; do
    taskset -c 1 h2load --h1 -n 100 -c 8 -t 1 "http://127.0.0.1:$port/files/ten" >/dev/null 2>&1
  done
done
# the 1 GiB download: best of five each, hexhttp's and nginx's taken in turn (the host's load
# drifts over the seconds this takes by as much as the two differ)
hd=999; nd=999
for _ in 1 2 3 4 5; do
  hd=$(smaller "$(fetch "http://127.0.0.1:18481/files/big")" "$hd")
  nd=$(smaller "$(fetch "http://127.0.0.1:18482/files/big")" "$nd")
done
# 100 downloads of 10 MiB over 8 keep-alive connections: seconds, median of five, alternating
many() { taskset -c 1 h2load --h1 -n 100 -c 8 -t 1 "$1" 2>&1 \
  | awk '/^finished in/ {t = $3; sub(/ms,$/, "", t); if ($3 ~ /ms,$/) t /= 1000; else sub(/s,$/, "", t)}
         /succeeded/ {ok = $8} END {if (ok != 100) t = 999; printf "%.3f", t}'; }
for i in 1 2 3 4 5; do
  echo "many $(many "http://127.0.0.1:18481/files/ten") $(many "http://127.0.0.1:18482/files/ten")" >> "$work/results"
done
# a 1 GiB upload, stored durably (synced, renamed into place), against dd writing it with fsync
up=999; dd_s=999
for i in 1 2 3; do
  t=$(taskset -c 1 curl -sf -o /dev/null -w '%{time_total}' -X POST -T "$work/files/big" \
    -H 'Content-Type: application/octet-stream' "http://127.0.0.1:18481/files/up$i")
  up=$(smaller "$t" "$up")
  rm -f "$work/files/up$i"
  t0=$(date +%s%N)
  dd if="$work/files/big" of="$work/dd$i" bs=1M conv=fsync status=none
  t=$(awk -v n=$(( $(date +%s%N) - t0 )) 'BEGIN{print n / 1e9}')
  dd_s=$(smaller "$t" "$dd_s")
  rm -f "$work/dd$i"
done

printf '\n| what | hexhttp | limit | ratio |\n|---|---|---|---|\n'
printf '| keep-alive CPU µs/request (64 conns), as the program runs (%s) | %s | %s (C floor) | %s |\n' \
  "$prog_transport" "$(col ka64 3)" "$(col ka64 5)" "$(rcol ka64 3 5)"
printf '| the same, hexhttp on the JDK'"'"'s selector (--transport event-loop) | %s | %s (C floor) | %s |\n' "$(col ka64 11)" "$(col ka64 5)" "$(rcol ka64 11 5)"
printf '| the same, the Java NIO floor in hexhttp'"'"'s place | %s | %s (C floor) | %s |\n' "$(col ka64 7)" "$(col ka64 5)" "$(rcol ka64 7 5)"
[ -z "$native" ] || printf '| the same, the Java floor on native epoll (FFM) in hexhttp'"'"'s place | %s | %s (C floor) | %s |\n' "$(col ka64 9)" "$(col ka64 5)" "$(rcol ka64 9 5)"
printf '| keep-alive req/s (64 conns) | %s | %s (C floor) | %s |\n' "$(col ka64 2)" "$(col ka64 4)" "$(ratio "$(col ka64 2)" "$(col ka64 4)")"
printf '| pipelined ×16 req/s | %s | %s (C floor) | %s |\n' "$(col pipe16 2)" "$(col pipe16 4)" "$(ratio "$(col pipe16 2)" "$(col pipe16 4)")"
printf '| 1 GiB download, s (best of 5, alternating) | %s | %s (nginx sendfile) | %s |\n' "$hd" "$nd" "$(ratio "$nd" "$hd")"
printf '| 100 × 10 MiB over 8 connections, s (median of 5) | %s | %s (nginx sendfile) | %s |\n' "$(col many 2)" "$(col many 3)" "$(ratio "$(col many 3)" "$(col many 2)")"
printf '| 1 GiB upload stored durably, s (best of 3) | %s | %s (dd conv=fsync) | %s |\n' "$up" "$dd_s" "$(ratio "$dd_s" "$up")"
printf '\n(keep-alive CPU ratios: the median over %s rounds of each round'"'"'s own ratio)\n' "$rounds"
printf 'keep-alive CPU per request, hexhttp on the selector against the Java NIO floor: %s\n' "$(rcol ka64 11 7)"
[ -z "$native" ] || [ "$prog_transport" != epoll ] || printf 'hexhttp on epoll against the native floor: %s (what HTTP costs; the native floor against C is the JVM'"'"'s part)\n' \
  "$(rcol ka64 3 9)"
[ -z "$native" ] || printf 'the Java NIO floor against the native one: %s (the JDK'"'"'s sockets and selector)\n' \
  "$(rcol ka64 7 9)"
