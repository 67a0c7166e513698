#!/usr/bin/env bash
# The profile behind docs/performance.md's account of where province-large's
# time goes: samples `zonesim run scenarios/province-large.toml` with perf
# (2 threads unless RAYON_NUM_THREADS says otherwise; 12 steps, three cycles of
# the worker reordering, unless a step count is given) and prints the share of
# samples (the line-level report takes about 3 minutes)
#   1. by library (zonesim, libm, the kernel, libc),
#   2. by source file (labour.rs is the worker passes and matching, entry.rs
#      compaction and the worker reordering, firms.rs the firm phases, e_*.c
#      glibc's exp, log and pow, run.rs and ryu the snapshot text), and
#   3. by source line in the worker pass and compaction (labour.rs, entry.rs).
# Needs perf (Debian: apt-get install linux-perf) and a release build
# (`cargo build --release`; the release profile keeps line tables). Run from
# the repository root; writes under output/perf/profile/.
set -euo pipefail
steps=${1:-12}
command -v perf > /dev/null || { echo "profile-province-large.sh needs perf (apt-get install linux-perf)" >&2; exit 2; }
bin=target/release/zonesim
out=output/perf/profile
mkdir -p "$out"
RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-2} perf record -F 499 -o "$out/perf.data" \
    "$bin" run scenarios/province-large.toml --steps "$steps" --quiet --out "$out/run" > /dev/null 2> "$out/record.txt"
echo "== samples by library (all threads, set-up and output included)"
perf report -i "$out/perf.data" --no-children --sort dso 2> /dev/null | grep -v '^#' | grep -v '^$' | head -8
echo "== samples by source file"
perf report -i "$out/perf.data" --no-children --sort srcfile 2> /dev/null | grep -v '^#' | grep -v '^$' | head -25
echo "== hottest lines of the worker pass and compaction"
perf report -i "$out/perf.data" --no-children --sort srcline 2> /dev/null | grep -E ' (labour|entry)\.rs:[0-9]+' | head -20
