#!/usr/bin/env bash
# Fuzzes every target for the given number of seconds each (default 300), one after the other.
#
#   fuzz/run.sh [seconds] [target…]
#
# Installs cargo-fuzz if it is missing, writes the seed corpus from tests/fixtures/ into
# fuzz/corpus/, and runs each target with libFuzzer and AddressSanitizer on the stable
# toolchain (RUSTC_BOOTSTRAP=1 lets stable accept the -Z flags cargo-fuzz passes). Each
# target's output goes to fuzz/logs/<target>.log; a crash is kept in fuzz/artifacts/<target>/
# and makes the script exit non-zero after the remaining targets have run.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-300}
shift || true

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

cargo run --quiet --release --example seed -- corpus
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

mkdir -p logs
cargo fuzz build -O -a
failed=()
for target in "${targets[@]}"; do
  echo "== $target (${seconds}s)"
  if cargo fuzz run -O -a "$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      >"logs/$target.log" 2>&1; then
    grep -E '^#[0-9]+ +DONE' "logs/$target.log" | tail -n 1 || true
    grep -E '^stat::number_of_executed_units' "logs/$target.log" || true
  else
    echo "   FAILED: see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]}"
  exit 1
fi
