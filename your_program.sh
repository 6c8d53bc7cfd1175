#!/usr/bin/env bash
# Starts hexhttp: ./your_program.sh [--directory DIR] [--port N] [--help]
# Builds first when a source or build file changed since the last build (no Maven call otherwise),
# then replaces itself with the JVM, so signals reach the server directly.
set -eu
root=$(cd "$(dirname "$0")" && pwd)
target="$root/http-cli/target"
stamp="$target/.built"
jdk_cache="$target/.java-home"
jdk_key="${JAVA_HOME:-}|$(command -v java 2>/dev/null || true)"

java_home=""
if [ -f "$jdk_cache" ] && [ "$(head -n 1 "$jdk_cache")" = "$jdk_key" ]; then
  java_home=$(sed -n 2p "$jdk_cache")
  [ -x "$java_home/bin/java" ] || java_home=""
fi
if [ -z "$java_home" ]; then
  java_home=$("$root/bin/jdk-home") || exit 1
fi

stale=yes
if [ -f "$stamp" ] && [ -f "$target/http-cli.jar" ]; then
  changed=$(find "$root/pom.xml" "$root/your_program.sh" "$root"/http-core "$root"/http-handlers "$root"/http-transport "$root"/http-cli \
    -path '*/target' -prune -o \( -name '*.java' -o -name '*.xml' -o -name '*.sh' -o -path '*/src/main/resources/*' \) \
    -newer "$stamp" -print -quit)
  [ -z "$changed" ] && stale=no
fi
cp="$target/http-cli.jar:$target/lib/*"
# A small serial-collected heap: the server streams bodies and keeps about 1.5 KiB per idle
# connection, so 40 MiB holds 10,000 connections (15 MiB live) with room to spare
# (scripts/memcheck.sh, scripts/bench.sh); the serial collector grows its heap to the cap before
# it collects the old generation, so the cap is what bounds the process's memory.
jvm_flags=(-XX:+UseSerialGC -Xms16m -Xmx40m)
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)
if [ "${major:-0}" -ge 22 ]; then
  jvm_flags+=(-XX:TrimNativeHeapInterval=5000) # hand freed native memory back to the OS
fi
aot="$target/hexhttp.aot"

# JDK 25+: an AOT cache from a short training run (classes loaded and linked, method profiles)
# roughly halves the time to the first answer. Made once per build, here, automatically.
train() {
  local dir log pid port=""
  dir=$(mktemp -d)
  log="$dir/log"
  "$java_home/bin/java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$aot" -cp "$cp" io.hexhttp.cli.Main \
    --port 0 --directory "$dir/files" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    port=$(sed -n 's#.*localhost:\([0-9]*\)/.*#\1#p' "$log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  if [ -n "$port" ]; then
    for _ in $(seq 1 40); do
      for req in 'GET / HTTP/1.1\r\n' 'GET /echo/abc HTTP/1.1\r\nAccept-Encoding: gzip\r\n' \
          'GET /user-agent HTTP/1.1\r\nUser-Agent: training\r\n' 'GET /nope HTTP/1.1\r\n' \
          'POST /files/t HTTP/1.1\r\nContent-Length: 5\r\n' 'GET /files/t HTTP/1.1\r\n'; do
        body=""
        case $req in POST*) body=hello ;; esac
        { exec 3<>"/dev/tcp/127.0.0.1/$port" \
            && printf "${req}Connection: close\r\n\r\n%s" "$body" >&3 && cat <&3 >/dev/null; } 2>/dev/null || true
        exec 3<&- 2>/dev/null || true
      done
    done
  fi
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

if [ "$stale" = yes ]; then
  echo "hexhttp: building (first run or sources changed)..." >&2
  if [ "${major:-0}" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" # quiets Maven's Guice
  fi
  (cd "$root" && JAVA_HOME="$java_home" ./mvnw -q -B -DskipTests -DskipJavadoc -Dmaven.source.skip -pl http-cli -am package) >&2 \
    || { echo "hexhttp: the build failed; see the output above" >&2; exit 1; }
  rm -f "$target/hexhttp.jsa" "$aot"
  if [ "${major:-0}" -ge 25 ]; then
    train
  fi
  printf '%s\n%s\n' "$jdk_key" "$java_home" > "$jdk_cache"
  touch "$stamp"
fi

if [ -f "$aot" ]; then
  cache_flags=(-XX:AOTCache="$aot")
else
  # JDK 21-24: a dynamic class-data archive, written at the first exit and used after
  cache_flags=(-XX:SharedArchiveFile="$target/hexhttp.jsa" -XX:+AutoCreateSharedArchive -Xshare:auto
    -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# HEXHTTP_JAVA_OPTS adds JVM options (e.g. -Xmx512m); word-split on purpose
# shellcheck disable=SC2086
exec "$java_home/bin/java" "${jvm_flags[@]}" "${cache_flags[@]}" ${HEXHTTP_JAVA_OPTS:-} \
  -cp "$cp" io.hexhttp.cli.Main "$@"
