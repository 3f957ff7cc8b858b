#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the main job: tlslab-gui, the Dear ImGui
# front end, on the built-in default scenario. Extra arguments go to tlslab-gui (e.g. --lang fr,
# --theme light, --suite NAME). Without a display it says how to get one; `tlslab run` still
# prints the same handshake as text.
set -euo pipefail
TLSLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$TLSLAB_ROOT/scripts/setup.sh"

tlslab_install_packages
tlslab_build "$TLSLAB_ROOT/build-release" Release
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "tlslab: no display (DISPLAY is not set). Run it in a desktop session, or headless:" >&2
  echo "  xvfb-run -a $TLSLAB_ROOT/build-release/app/tlslab-gui --screenshot tlslab.png" >&2
  echo "  $TLSLAB_ROOT/build-release/app/tlslab run    # the same handshake as text" >&2
  exit 1
fi
exec "$TLSLAB_ROOT/build-release/app/tlslab-gui" "$@"
