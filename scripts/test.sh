#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test once: the GUI and slow tests in the
# normal build (build/), the unit and interop tests in a second build of the engine, the CLI and
# the tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/, no GUI), where a
# memory error, leak or undefined behaviour also fails them. Exit status: non-zero if any test
# fails or any sanitizer reports.
#   TLSLAB_SANITIZE_LABELS  ctest label regex for the sanitizer run (default below); "none" runs
#                           every test in the normal build instead
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"

tlslab_install_packages
tlslab_build "$TLSLAB_ROOT/build" RelWithDebInfo
status=0
labels="${TLSLAB_SANITIZE_LABELS:-^(unit|interop)$}"
# Each test runs once: what the sanitizer build runs is left out here.
exclude=()
[ "$labels" != "none" ] && exclude=(-LE "$labels")
(cd "$TLSLAB_ROOT/build" && ctest --output-on-failure -j "$(nproc)" --timeout 600 "${exclude[@]}") || status=$?

if [ "$labels" != "none" ]; then
  tlslab_build_sanitized "$TLSLAB_ROOT/build-asan"
  # halt_on_error: the first report fails its test; leaks are reports too.
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  (cd "$TLSLAB_ROOT/build-asan" && ctest --output-on-failure -j "$(nproc)" --timeout 900 -L "$labels") || status=1
fi
exit $status
