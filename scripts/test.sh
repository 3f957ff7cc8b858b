#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; then builds the engine, the CLI and the
# tests again under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/, no GUI) and
# runs the suite there too. Exit status: non-zero if any test fails or any sanitizer reports.
#   TLSLAB_SANITIZE_LABELS  ctest label regex for the sanitizer run (default below); "none" skips it
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"

tlslab_install_packages
tlslab_build "$TLSLAB_ROOT/build" RelWithDebInfo
status=0
(cd "$TLSLAB_ROOT/build" && ctest --output-on-failure -j "$(nproc)" --timeout 600) || status=$?

labels="${TLSLAB_SANITIZE_LABELS:-^(unit|interop)$}"
if [ "$labels" != "none" ]; then
  tlslab_build_sanitized "$TLSLAB_ROOT/build-asan"
  # halt_on_error: the first report fails its test; leaks are reports too.
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  (cd "$TLSLAB_ROOT/build-asan" && ctest --output-on-failure -j "$(nproc)" --timeout 900 -L "$labels") || status=1
fi
exit $status
