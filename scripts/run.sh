#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the main job: the built-in default
# scenario, printed as a handshake ladder. Extra arguments go to `tlslab run`.
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"

tlslab_install_packages
tlslab_build "$TLSLAB_ROOT/build-release" Release
exec "$TLSLAB_ROOT/build-release/app/tlslab" run "$@"
