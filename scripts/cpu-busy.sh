#!/usr/bin/env bash
# Runs a command and prints, every 0.25 s, how many cores it kept busy
# (user + system CPU time over wall time, from /proc/PID/stat), so that
# serial stretches of a run show up. Used by docs/performance.md:
#   RAYON_NUM_THREADS=2 scripts/cpu-busy.sh target/release/zonesim run scenarios/province-large.toml --quiet
# The command's own output goes to output/perf/cpu-busy.log.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/cpu-busy.sh COMMAND [ARGS...]" >&2; exit 2; }
mkdir -p output/perf
"$@" > output/perf/cpu-busy.log 2>&1 &
pid=$!
tick=$(getconf CLK_TCK)
prev=0
t0=$(date +%s.%N)
last=$t0
echo "seconds cores"
while stat=$(cat "/proc/$pid/stat" 2> /dev/null); do
    # After the command name: state, then utime and stime as fields 12, 13.
    rest=${stat##*) }
    read -r state _ _ _ _ _ _ _ _ _ _ utime stime _ <<< "$rest"
    [ "$state" != Z ] || break
    now=$(date +%s.%N)
    awk -v t="$now" -v t0="$t0" -v last="$last" -v d="$((utime + stime - prev))" -v k="$tick" \
        'BEGIN { if (t > last) printf "%7.2f %5.2f\n", t - t0, d / k / (t - last) }'
    prev=$((utime + stime))
    last=$now
    sleep 0.25
done
wait "$pid"
