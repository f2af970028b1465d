#!/bin/sh
# Full-count fault runs (docs/faults.md, issue 6 items 2 and 3, issue 10 item 7):
#   - crash consistency: KINHPHI_FAULT_TRIALS kills (default 200) of `kinhphi import` / `record` by SIGKILL,
#     a third at random and two thirds aimed at the write (the test fails when fewer than half of the
#     aimed kills land inside the write window); KINHPHI_FAULT_OFFSETS crashes at a chosen byte of the
#     write (default 100); KINHPHI_FAULT_FAILED_WRITES writes that fail part way (default 40);
#     KINHPHI_FAULT_CUTS simulated power cuts inside a batch (default 100);
#   - concurrency: 4 writers × KINHPHI_FAULT_RECORDS separate processes (default 500 → 2.000 records),
#     which must overlap in time.
# The CI run of the same tests uses 20 trials, 8 offsets, 4 failed writes, 10 cuts and 4 × 25 records.
#
# Usage: tools/faults/run-full.sh [--debug] [crash|concurrency|all]
#   --debug   test the debug build (what CI tests; ~10× slower: a debug `kinhphi` spends its time re-reading
#             the journal, so 4 × 500 takes ~15 min instead of ~2). Default: a release build with
#             -enable-testing, the same tests against a release `kinhphi`.
# Environment: KINHPHI_FAULT_TRIALS, KINHPHI_FAULT_OFFSETS, KINHPHI_FAULT_FAILED_WRITES, KINHPHI_FAULT_CUTS,
# KINHPHI_FAULT_RECORDS, KINHPHI_FAULT_SEED (default
# 20251120), KINHPHI_FAULT_PER_WORKSPACE (trials per fresh workspace, default 5),
# KINHPHI_FAULT_SCRATCH (build folder, default .build-faults).
# Prints the FAULTS summary lines (trials, where the kills landed, torn tails repaired; crash offsets;
# records, time, how much the writers overlapped)
# and exits non-zero if any test failed. The whole log is kept in $SCRATCH/faults-full.log.
set -eu
cd "$(dirname "$0")/../.."

config=release
what=all
for a in "$@"; do
    case "$a" in
        --debug) config=debug ;;
        crash|concurrency|all) what=$a ;;
        *) echo "usage: $0 [--debug] [crash|concurrency|all]" >&2; exit 2 ;;
    esac
done
case "$what" in
    crash) filter='CrashConsistency' ;;
    concurrency) filter='Concurrency' ;;
    all) filter='CrashConsistency|Concurrency' ;;
esac

scratch=${KINHPHI_FAULT_SCRATCH:-.build-faults}
export KINHPHI_FAULT_TRIALS=${KINHPHI_FAULT_TRIALS:-200}
export KINHPHI_FAULT_OFFSETS=${KINHPHI_FAULT_OFFSETS:-100}
export KINHPHI_FAULT_FAILED_WRITES=${KINHPHI_FAULT_FAILED_WRITES:-40}
export KINHPHI_FAULT_CUTS=${KINHPHI_FAULT_CUTS:-100}
export KINHPHI_FAULT_RECORDS=${KINHPHI_FAULT_RECORDS:-500}
export KINHPHI_FAULT_SEED=${KINHPHI_FAULT_SEED:-20251120}

flags="--scratch-path $scratch"
if [ "$config" = release ]; then flags="$flags -c release -Xswiftc -enable-testing"; fi
log="$scratch/faults-full.log"

echo "building ($config) in $scratch…" >&2
# shellcheck disable=SC2086
swift build --build-tests $flags >&2
echo "running $filter: $KINHPHI_FAULT_TRIALS kill trials, $KINHPHI_FAULT_OFFSETS crash offsets, $KINHPHI_FAULT_FAILED_WRITES failed writes, $KINHPHI_FAULT_CUTS power cuts, 4 × $KINHPHI_FAULT_RECORDS records, seed $KINHPHI_FAULT_SEED" >&2
start=$(date +%s)
status=0
# shellcheck disable=SC2086
swift test --skip-build $flags --filter "$filter" > "$log" 2>&1 || status=$?
end=$(date +%s)
grep -a -E '^FAULTS|error:|Executed [0-9]+ tests?' "$log" | sort -u
echo "($config build, $((end - start)) s; log: $log)"
exit $status
