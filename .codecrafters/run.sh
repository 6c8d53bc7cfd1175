#!/bin/sh
# CodeCrafters starts the program with this, passing the tests' arguments through. It never
# builds: .codecrafters/compile.sh has.
set -e
exec "$(dirname "$0")/../bin/hexhttp" run "$@"
