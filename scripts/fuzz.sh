#!/usr/bin/env bash
# Runs one libFuzzer target (tests/fuzz/fuzz_TARGET.cpp) for SECONDS (default 600), built with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/. It starts from the
# seed corpus tests/fuzz/corpus/TARGET (real files and flights) and keeps what it finds in
# build-fuzz/corpus/TARGET; a crash, leak, timeout or out-of-memory stops it with a non-zero
# status and the input in build-fuzz/artifacts/TARGET/.
#   scripts/fuzz.sh list            the targets
#   scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"
TARGETS=(handshake record x509 crl ocsp pem trace_json scenario lesson)

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [ "$1" = "list" ]; then printf '%s\n' "${TARGETS[@]}"; exit 0; fi
target="$1"; seconds="${2:-600}"; shift; [ $# -gt 0 ] && shift
if ! printf '%s\n' "${TARGETS[@]}" | grep -qx -- "$target"; then
  echo "fuzz.sh: no target '$target'; the targets are: ${TARGETS[*]}" >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz.sh: SECONDS must be a whole number of seconds, at least 1 (got '$seconds')" >&2
  exit 2
fi

TLSLAB_PACKAGES+=(clang libclang-rt-dev)
tlslab_install_packages
build="$TLSLAB_ROOT/build-fuzz"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$TLSLAB_ROOT" -B "$build" -DTLSLAB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target "fuzz_$target"

seeds="$TLSLAB_ROOT/tests/fuzz/corpus/$target"
work="$build/corpus/$target"
artifacts="$build/artifacts/$target/"
mkdir -p "$work" "$artifacts"
# Text files (traces, lessons) are long; records and DER are short.
case "$target" in
  trace_json) max_len=1048576 ;;
  lesson|scenario) max_len=65536 ;;
  *) max_len=20000 ;;
esac
cd "$build"
exec "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
  -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$artifacts" "$@" "$work" "$seeds"
