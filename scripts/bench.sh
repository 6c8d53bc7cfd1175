#!/usr/bin/env bash
# Load benchmark: hexhttp against Netty 4.2 (native epoll) and the JDK's built-in server, on
# loopback, each server pinned to CPU 0 and wrk to CPU 1, scenarios interleaved A B C A B C.
#   scripts/bench.sh           a warm-up round, then 5 rounds of 5 s per scenario and server
#                              (about 9 minutes)
#   scripts/bench.sh --quick   1 round of 2 s (about 1 minute)
#   --metrics                  also runs hexhttp with --metrics and --health on, in the same
#                              rounds, and prints what counting costs (metrics on against off)
# Prints one table of medians with each figure's ratio to Netty, RSS and CPU per request from /proc.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=5; secs=5; metrics=no
for arg in "$@"; do
  case $arg in
    --quick) rounds=1; secs=2 ;;
    --metrics) metrics=yes ;;
    *) echo "bench: unknown option $arg (--quick, --metrics)" >&2; exit 2 ;;
  esac
done
name=bench
# shellcheck source=lib/common.sh
. "$root/scripts/lib/common.sh"

if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
    || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }
fi
need taskset
build_all

port_of() { case $1 in hexhttp) echo 18081;; netty) echo 18082;; jdk) echo 18083;; hexmetrics) echo 18084;; esac; }

start() { # name -> $started, the pid (pinned to CPU 0); not in a subshell, so cleanup knows it
  local name=$1 port; port=$(port_of "$1")
  case $name in
    hexhttp) taskset -c 0 "$root/your_program.sh" --port "$port" > "$work/$name.log" 2>&1 & ;;
    hexmetrics) taskset -c 0 "$root/your_program.sh" --port "$port" --metrics /metrics --health /health \
      > "$work/$name.log" 2>&1 & ;;
    netty) taskset -c 0 "$java" -cp "$cp" io.hexhttp.bench.NettyServer "$port" > "$work/$name.log" 2>&1 & ;;
    jdk) taskset -c 0 "$java" -cp "$cp" io.hexhttp.bench.JdkServer "$port" > "$work/$name.log" 2>&1 & ;;
  esac
  started=$!
  pids+=("$started")
}

await_200() { # port; prints milliseconds waited
  local t0 t1; t0=$(date +%s%N)
  for _ in $(seq 1 2000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null)" = 200 ] && break
    sleep 0.005
  done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}


kib=$(head -c 1024 /dev/zero | tr '\0' 'a')

run_wrk() { # scenario port -> "rps errors requests client-cpu-%"
  local s=$1 port=$2 out
  local base="http://127.0.0.1:$port"
  case $s in
    keepalive64) out=$(timeout $((secs + 20)) taskset -c 1 wrk -t1 -c64 -d"${secs}s" "$base/echo/hello" 2>&1) ;;
    pipeline16) out=$(timeout $((secs + 20)) taskset -c 1 wrk -t1 -c64 -d"${secs}s" -s "$root/scripts/lib/pipeline.lua" "$base/" 2>&1) ;;
    conn1000) out=$(timeout $((secs + 30)) taskset -c 1 wrk -t1 -c1000 -d"${secs}s" --timeout 5s "$base/echo/hello" 2>&1) ;;
    close) out=$(timeout $((secs + 20)) taskset -c 1 wrk -t1 -c64 -d"${secs}s" -H 'Connection: close' "$base/echo/hello" 2>&1) ;;
    gzip1k) out=$(timeout $((secs + 20)) taskset -c 1 wrk -t1 -c64 -d"${secs}s" -H 'Accept-Encoding: gzip' "$base/echo/$kib" 2>&1) ;;
  esac
  local rps errors requests client
  # the CPU wrk used (this subshell's waited-for children), as a share of its one core: near
  # 100 % means the client, not the server, sets the pace of the scenario
  times > "$work/times" # not in a pipe: a forked builtin has no children to count
  client=$(awk -v secs="$secs" 'NR == 2 {
    split($1, u, /[ms]/); split($2, y, /[ms]/); printf "%.0f", (u[1] * 60 + u[2] + y[1] * 60 + y[2]) * 100 / secs }' "$work/times")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10} /Non-2xx/ {print $NF}' <<<"$out" | awk '{s += $1} END {print s + 0}')
  echo "${rps:-0} ${errors:-0} ${requests:-0} ${client:-0}"
}

servers=(hexhttp netty jdk)
[ "$metrics" = yes ] && servers+=(hexmetrics)
scenarios=(keepalive64 pipeline16 conn1000 close gzip1k)
declare -A pid
for s in "${servers[@]}"; do start "$s"; pid[$s]=$started; done
for s in "${servers[@]}"; do await_200 "$(port_of "$s")" >/dev/null; done
# JIT warm-up: every server sees every kind of load before anything is measured
warm=$([ "$rounds" = 1 ] && echo 2 || echo 3)
for s in "${servers[@]}"; do
  base="http://127.0.0.1:$(port_of "$s")"
  timeout 60 taskset -c 1 wrk -t1 -c64 -d$((warm * 2))s "$base/echo/warm" >/dev/null 2>&1 || true
  timeout 60 taskset -c 1 wrk -t1 -c64 -d${warm}s -s "$root/scripts/lib/pipeline.lua" "$base/" >/dev/null 2>&1 || true
  timeout 60 taskset -c 1 wrk -t1 -c64 -d${warm}s -H 'Accept-Encoding: gzip' "$base/echo/$kib" >/dev/null 2>&1 || true
  timeout 60 taskset -c 1 wrk -t1 -c64 -d${warm}s -H 'Connection: close' "$base/echo/warm" >/dev/null 2>&1 || true
done

: > "$work/results"
# a virtual machine's host may take CPU time from it (steal); a run that lost more than this
# share is run again (at most twice), so that one server's figure is not another's neighbour's
max_steal=5
repeated=0
steal_start=$(steal_ticks); wall_start=$(date +%s)
# round 0, in full runs, is one more warm-up: it runs like the others but is not counted (a JIT
# that has just seen every shape once still recompiles; Netty's first round ran at half speed)
for r in $(seq "$([ "$rounds" = 1 ] && echo 1 || echo 0)" "$rounds"); do
  # rotate who goes first each round: a run leaves TIME_WAIT sockets and warm caches behind
  k=$(( (r + ${#servers[@]} - 1) % ${#servers[@]} ))
  order=("${servers[@]:$k}" "${servers[@]:0:$k}")
  for sc in "${scenarios[@]}"; do
    for s in "${order[@]}"; do
      for try in 1 2 3; do
        g0=$(steal_ticks)
        c0=$(cpu_ticks "${pid[$s]}")
        read -r rps errors requests client < <(run_wrk "$sc" "$(port_of "$s")")
        c1=$(cpu_ticks "${pid[$s]}")
        stolen=$(( ($(steal_ticks) - g0) / (secs * $(nproc)) )) # % of the machine's CPU time
        [ "$stolen" -le "$max_steal" ] || [ "$try" = 3 ] && break
        repeated=$((repeated + 1))
        echo "bench: round $r $sc $s: the hypervisor took ${stolen} % of the CPU; running it again" >&2
      done
      cpu_us=$(awk -v t=$((c1 - c0)) -v n="$requests" 'BEGIN {if (n > 0) printf "%.1f", t * 10000 / n; else print 0}')
      server=$(( (c1 - c0) / secs )) # ticks are 1/100 s: the server's share of its core, in %
      if [ "$r" -gt 0 ]; then
        echo "$sc $s $rps $errors $cpu_us $server $client" >> "$work/results"
        [ "$sc" = conn1000 ] && echo "rss $s $(rss_mib "${pid[$s]}")" >> "$work/results"
      fi
      echo "bench: round $r $sc $s: $rps req/s, $errors errors, ${cpu_us} µs CPU/request, CPU server ${server} % wrk ${client} %" >&2
    done
  done
done

steal_end=$(steal_ticks); wall_end=$(date +%s)

# 10,000 idle keep-alive connections: RSS growth
for s in hexhttp netty; do
  before=$(rss_mib "${pid[$s]}")
  mkfifo "$work/hold-$s"
  ( timeout 120 "$java" -cp "$cp" io.hexhttp.bench.IdleConnections "$(port_of "$s")" 10000 < "$work/hold-$s" > "$work/idle-$s.out" 2>&1 ) &
  exec 7> "$work/hold-$s"
  for _ in $(seq 1 1200); do grep -q held "$work/idle-$s.out" 2>/dev/null && break; sleep 0.1; done
  after=$(rss_mib "${pid[$s]}")
  echo "idle $s $before $after $(cat "$work/idle-$s.out")" >> "$work/results"
  exec 7>&-
  wait $! 2>/dev/null || true
done

# launch -> first 200, servers started fresh (hexhttp as built by your_program.sh)
for s in "${servers[@]}"; do kill "${pid[$s]}" 2>/dev/null || true; done
wait 2>/dev/null || true
for t in 1 2 3; do
  for s in "${servers[@]}"; do
    t0=$(date +%s%N)
    start "$s"; p=$started
    await_200 "$(port_of "$s")" >/dev/null
    t1=$(date +%s%N)
    echo "launch $s $(( (t1 - t0) / 1000000 ))" >> "$work/results"
    kill "$p"; wait "$p" 2>/dev/null || true
  done
done


echo
echo "hexhttp load benchmark: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$java" -version 2>&1 | head -1)"
echo "servers pinned to CPU 0, wrk on CPU 1; medians of $rounds round(s) of ${secs}s$([ "$rounds" = 1 ] || echo ", after a warm-up round")"
echo "CPU taken by the hypervisor over the rounds: $(( (steal_end - steal_start) / ((wall_end - wall_start) * $(nproc)) )) %; runs repeated for it: $repeated"
echo
printf '| %-22s | %12s | %12s | %12s | %9s | %9s |\n' scenario hexhttp netty jdk "hex/netty" "jdk/netty"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------" "--------------" "--------------" "--------------" "-----------" "-----------"
for sc in "${scenarios[@]}"; do
  h=$(fig "$sc" hexhttp 3); n=$(fig "$sc" netty 3); j=$(fig "$sc" jdk 3)
  he=$(fig "$sc" hexhttp 4); ne=$(fig "$sc" netty 4); je=$(fig "$sc" jdk 4)
  printf '| %-22s | %12s | %12s | %12s | %9s | %9s |\n' "$sc req/s (errors)" "$h ($he)" "$n ($ne)" "$j ($je)" "$(ratio "$h" "$n")" "$(ratio "$j" "$n")"
done
h=$(fig keepalive64 hexhttp 5); n=$(fig keepalive64 netty 5); j=$(fig keepalive64 jdk 5)
printf '| %-22s | %12s | %12s | %12s | %9s | %9s |\n' "CPU µs/request (ka64)" "$h" "$n" "$j" "$(ratio "$h" "$n")" "$(ratio "$j" "$n")"
h=$(fig rss hexhttp 3); n=$(fig rss netty 3); j=$(fig rss jdk 3)
printf '| %-22s | %12s | %12s | %12s | %9s | %9s |\n' "RSS MiB after conn1000" "$h" "$n" "$j" "$(ratio "$h" "$n")" "$(ratio "$j" "$n")"
h=$(fig launch hexhttp 3); n=$(fig launch netty 3); j=$(fig launch jdk 3)
printf '| %-22s | %12s | %12s | %12s | %9s | %9s |\n' "launch → first 200 ms" "$h" "$n" "$j" "$(ratio "$h" "$n")" "$(ratio "$j" "$n")"
echo
echo "CPU busy, % of one core (medians): server / wrk. A wrk near 100 % is the limit of that"
echo "scenario: the servers then differ only as far as they make the client's work lighter."
echo
printf '| %-12s | %15s | %15s | %15s |\n' scenario hexhttp netty jdk
printf '|%s|%s|%s|%s|\n' "--------------" "-----------------" "-----------------" "-----------------"
for sc in "${scenarios[@]}"; do
  row=()
  for s in hexhttp netty jdk; do row+=("$(fig "$sc" "$s" 6) / $(fig "$sc" "$s" 7)"); done
  printf '| %-12s | %15s | %15s | %15s |\n' "$sc" "${row[@]}"
done
echo
awk '$1 == "idle" {printf "10,000 idle keep-alive connections, %s: RSS %s MiB -> %s MiB (+%s MiB); client: %s %s %s %s\n", $2, $3, $4, $4 - $3, $5, $6, $7, $8}' "$work/results"
h=$(fig launch hexhttp 3); j=$(fig launch jdk 3)
echo "launch ratio hexhttp/jdk: $(ratio "$h" "$j")"
if [ "$metrics" = yes ]; then
  echo
  echo "Metrics on (--metrics /metrics --health /health) against off, same rounds:"
  echo
  printf '| %-22s | %12s | %12s | %9s |\n' scenario "metrics off" "metrics on" "on/off"
  printf '|%s|%s|%s|%s|\n' "------------------------" "--------------" "--------------" "-----------"
  for sc in "${scenarios[@]}"; do
    h=$(fig "$sc" hexhttp 3); m=$(fig "$sc" hexmetrics 3)
    printf '| %-22s | %12s | %12s | %9s |\n' "$sc req/s" "$h" "$m" "$(ratio "$m" "$h")"
  done
  h=$(fig keepalive64 hexhttp 5); m=$(fig keepalive64 hexmetrics 5)
  printf '| %-22s | %12s | %12s | %9s |\n' "CPU µs/request (ka64)" "$h" "$m" "$(ratio "$m" "$h")"
fi
