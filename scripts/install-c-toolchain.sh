#!/usr/bin/env bash
# Installs the C toolchain that `wit-tools build` uses for C component projects (and that CI
# needs to build examples/hello-c): clang and lld with the WASI sysroot (wasi-libc) and the
# wasm32 compiler-rt builtins, all from Debian/Ubuntu packages. Idempotent; needs root or sudo.
set -euo pipefail

have_toolchain() {
  command -v clang >/dev/null && command -v wasm-ld >/dev/null &&
    { [ -f /usr/lib/wasm32-wasi/libc.a ] || [ -f /usr/share/wasi-sysroot/lib/wasm32-wasi/libc.a ]; } &&
    ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1
}

if have_toolchain; then
  echo "install-c-toolchain: clang, wasm-ld and wasi-libc are already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update -qq
# `libclang-rt-dev-wasm32` follows the distribution's default clang; pin the builtins to the clang
# that gets installed so that `clang --target=wasm32-wasi` finds libclang_rt.builtins-wasm32.a.
$SUDO apt-get install -y -qq --no-install-recommends clang lld wasi-libc
major="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)"
$SUDO apt-get install -y -qq --no-install-recommends "libclang-rt-${major}-dev-wasm32" ||
  $SUDO apt-get install -y -qq --no-install-recommends libclang-rt-dev-wasm32

if have_toolchain; then
  echo "install-c-toolchain: ok ($(clang --version | head -n1))"
else
  echo "install-c-toolchain: clang, wasm-ld or the wasm32 builtins are still missing" >&2
  exit 1
fi
