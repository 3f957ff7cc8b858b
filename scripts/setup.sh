# Shared by run.sh and test.sh: install missing Debian packages, then configure and build.
# Sourced, not executed.

TLSLAB_PACKAGES=(
  cmake g++ make pkg-config
  libcrypto++-dev nlohmann-json3-dev rapidjson-dev libcli11-dev libgtest-dev libbenchmark-dev zlib1g-dev
  openssl libssl-dev tshark python3
  libimgui-dev libglfw3-dev xvfb xauth fonts-dejavu-core ccache
)

tlslab_install_packages() {
  local missing=()
  for p in "${TLSLAB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "tlslab: installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "tlslab: need root or sudo to install: ${missing[*]}" >&2
      return 1
    fi
  fi
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections 2>/dev/null || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Compiler cache: a second build of the same sources (another checkout, CI on the same machine)
# compiles only what changed. Paths below the checkout count as relative, so two checkouts
# share entries. Left out when ccache cannot run (no home folder for its cache, say).
export CCACHE_BASEDIR="$TLSLAB_ROOT" CCACHE_NOHASHDIR=1
tlslab_launcher_flags() {
  if command -v ccache >/dev/null && ccache -p >/dev/null 2>&1; then
    echo "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
  fi
}

# tlslab_build BUILD_DIR BUILD_TYPE
tlslab_build() {
  local dir="$1" type="$2"
  # shellcheck disable=SC2046
  cmake -S "$TLSLAB_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" $(tlslab_launcher_flags) >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

# tlslab_build_sanitized BUILD_DIR: the engine, the CLI and the tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (-O1: reports keep their frames and the build stays quick); no GUI
# (Mesa's and GLFW's own allocations are not ours to judge) and no benchmarks.
tlslab_build_sanitized() {
  local dir="$1"
  # shellcheck disable=SC2046
  cmake -S "$TLSLAB_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DTLSLAB_SANITIZE=address,undefined -DSIM_BUILD_GUI=OFF \
    $(tlslab_launcher_flags) >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target tlslab tlslab_tests
}
