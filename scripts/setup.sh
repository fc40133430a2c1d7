#!/bin/sh
# The whole set-up on a fresh Debian 12 machine (root): every Debian package the project
# needs, then the build into ./build. Safe to run again.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="
  build-essential g++ cmake ninja-build pkg-config git file
  libseccomp-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libsystemd-dev libcap-dev nettle-dev
  pybind11-dev python3-pybind11 python3-dev python3-pytest python3-matplotlib python3-numpy
  python3-setuptools python3-pip python3-wheel
  busybox-static runc crun hyperfine criu
  util-linux procps iproute2 libcap2-bin strace uidmap
  clang clang-14 libclang-rt-14-dev ccache
  docker.io podman
  containerd python3-grpcio python3-protobuf protobuf-compiler containernetworking-plugins
  qemu-system-x86 mmdebstrap
"
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
  fi
else
  echo "setup.sh: not root, skipping apt-get (packages: $PACKAGES)" >&2
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3
cmake --build build -j"$(nproc)"
if [ -f pyproject.toml ] && [ -d pybindings ]; then
  # Debian 12's python3 is externally managed (PEP 668): the variable lets pip install into
  # /usr/local (older pips ignore it). Offline: Debian's setuptools, no isolation, no index.
  PIP_BREAK_SYSTEM_PACKAGES=1 /usr/bin/python3 -m pip install --no-build-isolation --no-deps \
    --no-index --root-user-action=ignore -q .
fi
# The libFuzzer targets (clang, build-fuzz/) that the test run fuzzes for a bounded time.
if [ -x scripts/fuzz.sh ]; then
  rc=0; scripts/fuzz.sh 0 || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 77 ] || exit "$rc"
fi
# What the test run's VM profiles boot (tests/vm, docs/vm.md): Debian's kernel package and,
# for the systemd and docker profiles, Debian 12 images made with mmdebstrap (1-5 minutes
# each, once; cached in /var/cache/hako-vm). A failure here is not fatal: the test run then
# skips with the reason.
if [ "$(id -u)" = 0 ] && [ -x tests/vm/run.sh ]; then
  for profile in v2 systemd criu v1 docker; do
    HAKO_VM_PREPARE_ONLY=1 HAKO_VM_TIMEOUT=1200 tests/vm/run.sh "$profile" ||
      echo "setup.sh: VM profile $profile not prepared (the test run will say why)" >&2
  done
fi
echo "setup.sh: done; binary at build/runtime/hako"
