#!/usr/bin/env bash
# Starts hexhttp: ./your_program.sh [--directory DIR] [--port N] [--help]
# Builds first when a source or build file changed since the last build (no Maven call otherwise),
# then replaces itself with the JVM, so signals reach the server directly. How to build and how to
# start are bin/hexhttp's, shared with .codecrafters/compile.sh and .codecrafters/run.sh.
set -eu
exec "$(cd "$(dirname "$0")" && pwd)/bin/hexhttp" start "$@"
