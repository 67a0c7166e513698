#!/usr/bin/env bash
# Measures province-large as docs/performance.md reports it: `zonesim run`
# timed with /usr/bin/time -v at 2 threads and at 1, then checks that the two
# runs wrote byte-identical files. Run from the repository root after
# `cargo build --release`; writes under output/perf/ and prints a summary.
set -euo pipefail
bin=target/release/zonesim
out=output/perf
mkdir -p "$out"
for t in 2 1; do
    RAYON_NUM_THREADS=$t /usr/bin/time -v "$bin" run scenarios/province-large.toml \
        --quiet --out "$out/threads-$t" 2> "$out/time-$t.txt" > "$out/stdout-$t.txt"
    wall=$(grep "Elapsed (wall clock)" "$out/time-$t.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$out/time-$t.txt" | awk '{print $NF}')
    echo "threads=$t wall=$wall peak_rss_kb=$rss ($(cat "$out/stdout-$t.txt"))"
done
for f in metrics.csv summary.csv firms.csv; do
    if cmp -s "$out/threads-1/$f" "$out/threads-2/$f"; then
        echo "$f: identical for 1 and 2 threads ($(sha256sum < "$out/threads-1/$f" | cut -c1-16))"
    else
        echo "$f: DIFFERS between 1 and 2 threads" >&2
        exit 1
    fi
done
