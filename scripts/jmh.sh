#!/usr/bin/env bash
# JMH benchmarks of the codec and the gzip path, with bytes allocated per operation (-prof gc):
#   scripts/jmh.sh [JMH options]     e.g. scripts/jmh.sh -f 1 -wi 2 -i 3 CodecBenchmark.parse
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/your_program.sh" --version >/dev/null
java_home=$(sed -n 2p "$root/http-cli/target/.java-home")
(cd "$root" && "$root/bin/mvn" -q -B -Pbench -DskipTests -DskipJavadoc -Dmaven.source.skip -pl benchmarks -am package) >&2
exec "$java_home/bin/java" -cp "$(cat "$root/benchmarks/target/classpath.txt"):$root/benchmarks/target/classes" \
  org.openjdk.jmh.Main -prof gc "$@"
