#!/usr/bin/env bash
# Makes the French classroom screenshots of docs/screenshots again, from a build in ./build:
# presenter mode at 1280x720, the normal layout at 1024x768 and at 1280x720 with --scale 1.5,
# for an SSL 3.0, a TLS 1.2 and a TLS 1.3 built-in scenario, and a revoked certificate.
# Run from the repository's root: bash docs/screenshots/make.sh
set -euo pipefail
G=build/app/tlslab-gui
D=docs/screenshots
shot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$G" --lang fr "$@"; }
for pair in "ssl3 ssl3-rsa-rc4" "tls12 tls12-ecdhe-x25519" "tls13 tls13-full"; do
  set -- $pair
  shot --size 1280x720 --present --scenario "$2" --step 7 --screenshot "$D/present-$1.png"
  shot --size 1024x768 --scenario "$2" --step 7 --screenshot "$D/normal-1024x768-$1.png"
  shot --size 1280x720 --scale 1.5 --scenario "$2" --step 7 --screenshot "$D/normal-1280x720-scale1.5-$1.png"
done
shot --size 1280x720 --scale 1.5 --cert-profile revoked-ocsp --screenshot "$D/revocation-ocsp-1280x720-scale1.5.png"
# Lecture mode on a lesson step (progress written to a throwaway folder, not the user's).
XDG_CONFIG_HOME=$(mktemp -d) shot --size 1280x720 --scale 1.5 --present --lesson ssl3-handshake --lesson-step 7 \
  --screenshot "$D/lesson-present-ssl3-handshake.png"
# A lesson on a three-lane run (an attacker in the middle): the record names reach over the lanes.
XDG_CONFIG_HOME=$(mktemp -d) shot --size 1280x720 --scale 1.5 --present --lesson why-tls --lesson-step 4 \
  --screenshot "$D/lesson-present-why-tls.png"
