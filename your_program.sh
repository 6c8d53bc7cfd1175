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
  changed=$(find "$root/pom.xml" "$root"/http-core "$root"/http-handlers "$root"/http-transport "$root"/http-cli \
    -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
    -newer "$stamp" -print -quit)
  [ -z "$changed" ] && stale=no
fi
if [ "$stale" = yes ]; then
  echo "hexhttp: building (first run or sources changed)..." >&2
  (cd "$root" && JAVA_HOME="$java_home" ./mvnw -q -B -DskipTests -DskipJavadoc -Dmaven.source.skip -pl http-cli -am package) >&2 \
    || { echo "hexhttp: the build failed; see the output above" >&2; exit 1; }
  rm -f "$target/hexhttp.jsa"
  printf '%s\n%s\n' "$jdk_key" "$java_home" > "$jdk_cache"
  touch "$stamp"
fi

# HEXHTTP_JAVA_OPTS adds JVM options (e.g. -Xmx128m); word-split on purpose
# shellcheck disable=SC2086
# A small serial-collected heap: the server streams bodies and keeps little per connection, so
# 96 MiB holds 10,000 connections with room to spare (scripts/memcheck.sh, scripts/bench.sh).
exec "$java_home/bin/java" \
  -XX:+UseSerialGC -Xms16m -Xmx96m ${HEXHTTP_JAVA_OPTS:-} \
  -XX:SharedArchiveFile="$target/hexhttp.jsa" -XX:+AutoCreateSharedArchive -Xshare:auto \
  -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$target/http-cli.jar:$target/lib/*" io.hexhttp.cli.Main "$@"
