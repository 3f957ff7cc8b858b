#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Exit status is the suite's.
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"

tlslab_install_packages
tlslab_build "$TLSLAB_ROOT/build" RelWithDebInfo
cd "$TLSLAB_ROOT/build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
