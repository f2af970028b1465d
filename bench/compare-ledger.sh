#!/usr/bin/env bash
# KinhPhi's settlement side by side with ledger-cli's budget-vs-actual report, on the same vouchers.
#
#   bench/compare-ledger.sh [SIZE ...]        default: 100000 1000000
#
# For each size: builds kinhphi-bench (release, --scratch-path .build-bench), generates the seeded
# workload (300 lines) and runs every KinhPhi phase on it, and writes the same vouchers as a ledger
# journal: one transaction per voucher that counts in the actual figure (payments, clearings, refunds)
# with Expenses:<line> / Assets:Budget postings, and a `~ yearly` periodic transaction holding the
# approved amounts as the budget. Then it times
#
#   ledger -f J --budget -p 2025 bal ^Expenses     (the issue's `--budget bal`: actual − budget per line)
#   ledger -f J -p 2025 budget ^Expenses           (the 4-column report: actual, budget, difference, %)
#
# with /usr/bin/time -v (wall time, max RSS), checks that ledger's total difference equals KinhPhi's
# (approved − actual in the settlement CSV), and prints both times and the ratio against KinhPhi's
# `settle` as the CLI runs it (verify + ledger + settlement + both CSV files) and against the settlement
# after the verified ledger. `-p 2025` bounds the periodic budget to the fiscal year (without it ledger
# repeats the yearly budget up to today).
#
# Environment: SEED (default 2025), LINES (default 300), LEDGER_MAX (largest size at which ledger runs,
# default 1000000: about 15–30 s and ~2 GB there), KEEP=1 keeps the temporary folders, NICE=-10 runs
# both programs at that niceness, each in a session of its own whose autogroup gets the same niceness
# (with sched_autogroup, plain `nice` does not count against other sessions' jobs; needs root for < 0;
# for a machine shared with other jobs), BENCH_ARGS passes more options to kinhphi-bench ("--runs 3").
# ledger is installed from Debian (apt-get install ledger) when missing; this needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=${SEED:-2025}
LINES=${LINES:-300}
LEDGER_MAX=${LEDGER_MAX:-1000000}
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(100000 1000000); fi

if ! command -v ledger >/dev/null 2>&1; then
    echo "ledger not found: installing the Debian package…" >&2
    apt-get update -qq && apt-get install -y -qq ledger >/dev/null
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

swift build -c release --scratch-path .build-bench --product kinhphi-bench >&2
bench=.build-bench/release/kinhphi-bench
# Runs a command at niceness $NICE in a new session (and autogroup) of that niceness, when NICE is set.
prio() {
    if [ -n "${NICE:-}" ]; then
        setsid --wait bash -c 'echo "$0" > /proc/self/autogroup 2>/dev/null; exec nice -n "$0" "$@"' "$NICE" "$@"
    else
        "$@"
    fi
}

# "0:16.53" / "1:02:03" (from time -v) → seconds.
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"; }
# Runs a command under /usr/bin/time -v; prints "wall_seconds max_rss_kib".
timed() {
    local out=$1; shift
    prio /usr/bin/time -v -o "$out.time" "$@" >"$out" 2>"$out.err"
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out.time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.time")
    echo "$(seconds "$wall") $rss"
}

summary=()
for n in "${sizes[@]}"; do
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/kinhphi-vs-ledger-XXXXXX")
    echo "== $n vouchers, $LINES lines, seed $SEED ($tmp)"
    prio "$bench" --vouchers "$n" --lines "$LINES" --seed "$SEED" --dir "$tmp/ws" --keep \
        --ledger-journal "$tmp/journal.ledger" --results "$tmp/results.tsv" ${BENCH_ARGS:-} | tee "$tmp/bench.txt"
    kp_cli=$(awk -F'\t' '$1 == "settle (CLI)" { printf "%.3f", $3 }' "$tmp/results.tsv")
    kp_core=$(awk -F'\t' '$1 == "settle + CSV" { printf "%.3f", $3 }' "$tmp/results.tsv")
    kp_rss=$(awk -F'\t' '$1 == "settle (CLI)" { printf "%.0f", $5 / 1024 }' "$tmp/results.tsv")
    # KinhPhi's total difference: approved − actual, from the TOTAL row of the settlement CSV.
    kp_diff=$(tail -n 1 "$tmp/ws/quyet-toan.csv" | tr -d '\r' | awk -F, '{ printf "%.0f", $6 - $7 }')

    if [ "$n" -le "$LEDGER_MAX" ]; then
        read -r l_bal l_bal_rss < <(timed "$tmp/ledger-budget-bal.txt" ledger -f "$tmp/journal.ledger" --budget -p 2025 bal '^Expenses')
        read -r l_bud l_bud_rss < <(timed "$tmp/ledger-budget.txt" ledger -f "$tmp/journal.ledger" -p 2025 budget '^Expenses')
        # ledger's total line: actual − budget = −(approved − actual).
        l_diff=$(tail -n 1 "$tmp/ledger-budget-bal.txt" | awk '{ print $1 }')
        if [ "$((-l_diff))" = "$kp_diff" ]; then same="yes"; else same="NO (ledger ${l_diff}, KinhPhi −${kp_diff})"; fi
        ratio_cli=$(awk -v a="$l_bal" -v b="$kp_cli" 'BEGIN { printf "%.1f", a / b }')
        ratio_core=$(awk -v a="$l_bal" -v b="$kp_core" 'BEGIN { printf "%.1f", a / b }')
        echo
        echo "ledger --budget -p 2025 bal ^Expenses : ${l_bal} s, max RSS $((l_bal_rss / 1024)) MiB"
        echo "ledger -p 2025 budget ^Expenses       : ${l_bud} s, max RSS $((l_bud_rss / 1024)) MiB"
        echo "kinhphi settle (CLI: verify + ledger + settlement + both CSV files): ${kp_cli} s, peak RSS ${kp_rss} MiB"
        echo "kinhphi settle + CSV (after the verified ledger)                    : ${kp_core} s"
        echo "same total difference (approved − actual = ${kp_diff} đ): ${same}"
        echo "ratio ledger --budget bal / kinhphi settle: ${ratio_cli}× (CLI), ${ratio_core}× (settle + CSV)"
        summary+=("$n	${kp_cli}	${kp_core}	${l_bal}	${l_bud}	${ratio_cli}×	${ratio_core}×	${same}")
    else
        echo "ledger not run at $n (LEDGER_MAX=$LEDGER_MAX)"
        summary+=("$n	${kp_cli}	${kp_core}	—	—	—	—	—")
    fi
    if [ "${KEEP:-0}" = "1" ]; then echo "kept: $tmp"; else rm -rf "$tmp"; fi
    echo
done

echo "vouchers	kinhphi settle (CLI) s	settle + CSV s	ledger --budget bal s	ledger budget s	ratio (CLI)	ratio (settle + CSV)	same totals"
printf '%s\n' "${summary[@]}"
