# What the benchmark scripts share: a work folder and the servers' pids, cleaned up at exit; the
# builds (hexhttp as your_program.sh runs it, and the benchmarks module with its reference
# servers); waiting for a port; a process's CPU ticks and RSS, the machine's steal; medians and
# ratios of the results. Sourced, with $root and $name set.
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

need() { # tool... ; stops with one line when one is missing
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$name: needs $tool" >&2; exit 1; }
  done
}

build_all() { # sets $java_home, $java and $cp (the benchmarks module's classpath)
  echo "$name: building hexhttp and the reference servers" >&2
  "$root/your_program.sh" --version >/dev/null
  java_home=$(sed -n 2p "$root/http-cli/target/.java-home")
  (cd "$root" && "$root/bin/mvn" -q -B -Pbench -DskipTests -DskipJavadoc -Dmaven.source.skip \
    -pl benchmarks -am package) >&2
  cp="$(cat "$root/benchmarks/target/classpath.txt"):$root/benchmarks/target/classes"
  java="$java_home/bin/java"
}

await_port() { # port; stops the script if nothing listens there within 10 s
  for _ in $(seq 1 2000); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.005
  done
  echo "$name: nothing listens on $1" >&2
  exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
steal_ticks() { awk 'NR == 1 {print $9}' /proc/stat; } # CPU time the hypervisor took, all cores

# the median of numbers, one a line: the mean of the middle two for an even count, 0 for none
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# the median of column COL of the lines of $work/results whose first two words are A and B
fig() { awk -v a="$1" -v b="$2" -v col="$3" '$1 == a && $2 == b {print $col}' "$work/results" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f×", a / b; else print "-"}'; }
