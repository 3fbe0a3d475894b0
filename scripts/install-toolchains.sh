#!/usr/bin/env bash
# Installs the tool chains `wit-tools build` and `wit-tools bindings` use for Python, Go, Rust and
# C components — the pinned versions that server/src/pipeline/toolchains.ts names (a test keeps the
# two in step). Idempotent: what is already installed at the pinned version is left alone.
#
#   bash scripts/install-toolchains.sh [python] [go] [rust] [c] [oracles]    (default: all but oracles)
#
#   python   componentize-py, in a venv:            $WIT_TOOLS_HOME/venv
#   rust     rustc's wasm32-wasip2 target:           rustup target add wasm32-wasip2
#   go       wit-bindgen (its Go generator) and the Go runtime package of its bindings
#            (go.bytecodealliance.org/pkg, from the wit-bindgen-go crate: the module proxy here
#            does not serve it); Go itself must be 1.25 or newer
#   c        clang, lld, wasi-libc (Debian packages; scripts/install-c-toolchain.sh) and wit-bindgen
#   oracles  wasm-tools and wac, for the tests' second opinion (never runtime dependencies)
#
# Everything that is not a system package goes under $WIT_TOOLS_HOME (default
# ~/.local/share/wit-tools), where wit-tools looks for it; CI keeps that folder between runs,
# since compiling wit-bindgen-cli and wasm-tools from crates.io takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

COMPONENTIZE_PY_VERSION=0.25.1
WIT_BINDGEN_VERSION=0.63.0
WASM_TOOLS_VERSION=1.263.0
WAC_VERSION=0.10.0
MIN_GO=1.25

HOME_DIR="${WIT_TOOLS_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/wit-tools}"
mkdir -p "$HOME_DIR"
log() { echo "install-toolchains: $*"; }

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(python go rust c)
wants() { local x; for x in "${want[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }

find_cargo() {
  if command -v cargo >/dev/null; then command -v cargo
  elif [ -x "$HOME/.cargo/bin/cargo" ]; then echo "$HOME/.cargo/bin/cargo"
  else return 1; fi
}

# cargo install NAME@VERSION into $HOME_DIR/cargo, unless BIN there already says VERSION.
cargo_tool() {
  local crate="$1" version="$2" bin="$3"; shift 3
  local have
  have="$("$HOME_DIR/cargo/bin/$bin" --version 2>/dev/null || true)"
  if [[ "$have" == *" $version"* ]]; then log "$bin $version is installed"; return 0; fi
  local cargo; cargo="$(find_cargo)" || { echo "install-toolchains: $crate needs cargo (https://rustup.rs)" >&2; return 1; }
  log "building $crate $version from crates.io (a few minutes)"
  local started=$SECONDS
  # Tools for a build machine, compiled for build time: less optimisation, no LTO, more units
  # (they run for milliseconds; compiling them fully optimised takes twice as long).
  CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}" CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-false}" \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-16}" CARGO_PROFILE_RELEASE_DEBUG=false \
    "$cargo" install --quiet --locked --root "$HOME_DIR/cargo" "$@" "$crate@$version"
  log "$bin $version built in $((SECONDS - started)) s"
}

# The Go runtime package that wit-bindgen's Go bindings import, from the wit-bindgen-go crate.
go_runtime() {
  local dir="$HOME_DIR/go/wit-bindgen-go-$WIT_BINDGEN_VERSION/src/pkg"
  if [ -f "$dir/go.mod" ]; then log "the Go runtime of wit-bindgen-go $WIT_BINDGEN_VERSION is in $dir"; return 0; fi
  mkdir -p "$HOME_DIR/go"
  curl -sSfL "https://static.crates.io/crates/wit-bindgen-go/$WIT_BINDGEN_VERSION/download" | tar -xz -C "$HOME_DIR/go"
  log "the Go runtime of wit-bindgen-go $WIT_BINDGEN_VERSION is in $dir"
}

if wants python; then
  have="$("$HOME_DIR/venv/bin/componentize-py" --version 2>/dev/null || true)"
  if [[ "$have" == *" $COMPONENTIZE_PY_VERSION"* ]]; then
    log "componentize-py $COMPONENTIZE_PY_VERSION is installed"
  else
    python3 -m venv "$HOME_DIR/venv"
    "$HOME_DIR/venv/bin/pip" install --quiet --disable-pip-version-check "componentize-py==$COMPONENTIZE_PY_VERSION"
    log "componentize-py $COMPONENTIZE_PY_VERSION installed in $HOME_DIR/venv"
  fi
fi

if wants rust; then
  if command -v rustup >/dev/null || [ -x "$HOME/.cargo/bin/rustup" ]; then
    rustup="$(command -v rustup || echo "$HOME/.cargo/bin/rustup")"
    "$rustup" target add wasm32-wasip2
  else
    sysroot="$(rustc --print sysroot 2>/dev/null || true)"
    [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/wasm32-wasip2" ] || {
      echo "install-toolchains: Rust with the wasm32-wasip2 target is needed: https://rustup.rs, then rustup target add wasm32-wasip2" >&2; exit 1; }
  fi
fi

if wants go; then
  go="$(command -v go || echo /usr/local/go/bin/go)"
  v="$("$go" env GOVERSION 2>/dev/null | sed 's/^go//')" || v=""
  if [ -z "$v" ] || [ "$(printf '%s\n%s\n' "$MIN_GO" "$v" | sort -V | head -n1)" != "$MIN_GO" ]; then
    echo "install-toolchains: Go $MIN_GO or newer is needed (found: ${v:-none}): https://go.dev/dl/" >&2; exit 1
  fi
  log "go $v"
  cargo_tool wit-bindgen-cli "$WIT_BINDGEN_VERSION" wit-bindgen
  go_runtime
fi

if wants c; then
  bash scripts/install-c-toolchain.sh
  cargo_tool wit-bindgen-cli "$WIT_BINDGEN_VERSION" wit-bindgen
fi

if wants oracles; then
  cargo_tool wasm-tools "$WASM_TOOLS_VERSION" wasm-tools --no-default-features --features validate,print,parse,component,compose
  cargo_tool wac-cli "$WAC_VERSION" wac --no-default-features
fi
