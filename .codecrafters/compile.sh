#!/bin/sh
# CodeCrafters runs this once, before the tests: build everything the run needs (the Maven
# package and the start-up cache), so that .codecrafters/run.sh starts at once.
set -e
exec "$(dirname "$0")/../bin/hexhttp" build
