#!/usr/bin/env bash
# KinhPhi fuzzing with libFuzzer (swiftc -sanitize=fuzzer,address). See fuzz/README.md.
#
#   fuzz/run.sh <target> <seconds> [libFuzzer flags…]   build if needed, then fuzz <target> for <seconds>
#   fuzz/run.sh all <seconds> [libFuzzer flags…]        every target, one after another, then a summary table
#   fuzz/run.sh build [target…]                         only build (all targets when none is named)
#   fuzz/run.sh repro <target> <file…>                  run the target once on each file (a crash to replay)
#   fuzz/run.sh list                                    the targets
#
# Environment: SWIFTC (default swiftc), FUZZ_OPT (default -O; -Onone -g for debugging a crash).
# One process, one core: libFuzzer runs with -jobs=1 -workers=1 (its log is fuzz/.out/work-<target>/fuzz-0.log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/fuzz"
OUT="$FUZZ/.out"
SWIFTC="${SWIFTC:-swiftc}"
FUZZ_OPT="${FUZZ_OPT:--O}"
TARGETS=(money csv estimate catalogue voucher journal)
MODULES=(KinhPhiSystem KinhPhiCore KinhPhiCatalogue KinhPhiEstimate KinhPhiAppraisal KinhPhiJournal)
# -enable-testing: the csv, catalogue, voucher and journal targets reach a few internal entry points
# (CSVTokenizer with a small record limit, CatalogueLoader's required columns, import with a small spill size) by @testable import.
MODULE_FLAGS="-swift-version 6 -parse-as-library -wmo -enable-testing -sanitize=fuzzer,address -g"

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    echo "targets: ${TARGETS[*]}" >&2
    exit 2
}

# The last module a target needs (modules are built in dependency order up to it) and its -max_len.
last_module() {
    case "$1" in
        money) echo KinhPhiCore ;;
        estimate|catalogue) echo KinhPhiAppraisal ;;
        csv|voucher|journal) echo KinhPhiJournal ;;
        *) echo "unknown target: $1" >&2; usage ;;
    esac
}
max_len() {
    case "$1" in
        money) echo 64 ;;
        csv) echo 4096 ;;
        *) echo 16384 ;;
    esac
}

is_target() { local t; for t in "${TARGETS[@]}"; do [[ "$t" == "$1" ]] && return 0; done; return 1; }

# True when $1 is missing or older than any file under the other arguments.
stale() {
    local out="$1"; shift
    [[ -e "$out" ]] || return 0
    [[ -n "$(find "$@" -newer "$out" -print -quit 2>/dev/null)" ]]
}

build_module() {
    local m="$1" obj="$OUT/$1.o"
    local deps=("$ROOT/Sources/$m")
    local d
    for d in "${MODULES[@]}"; do [[ "$d" == "$m" ]] && break; deps+=("$OUT/$d.o"); done
    stale "$obj" "${deps[@]}" || return 0
    echo "fuzz: compiling $m" >&2
    local srcs=()
    while IFS= read -r f; do srcs+=("$f"); done < <(find "$ROOT/Sources/$m" -name '*.swift' | LC_ALL=C sort)
    rm -f "$obj"
    "$SWIFTC" $MODULE_FLAGS -module-name "$m" $FUZZ_OPT \
        -emit-module -emit-module-path "$OUT/$m.swiftmodule" -I "$OUT" \
        -c "${srcs[@]}" -o "$obj.tmp" 2> "$OUT/$m.log" || { cat "$OUT/$m.log" >&2; echo "fuzz: $m does not compile" >&2; return 1; }
    mv "$obj.tmp" "$obj"
}

build_target() {
    local t="$1" last objs=() m
    last="$(last_module "$t")"
    for m in "${MODULES[@]}"; do
        build_module "$m" || return 1
        objs+=("$OUT/$m.o")
        [[ "$m" == "$last" ]] && break
    done
    local bin="$OUT/bin/$t" src="$FUZZ/targets/$t.swift" support=("$FUZZ/support/Support.swift")
    case "$t" in voucher|journal) support+=("$FUZZ/support/JournalWorkspace.swift") ;; esac
    mkdir -p "$OUT/bin"
    stale "$bin" "$src" "${support[@]}" "${objs[@]}" || return 0
    echo "fuzz: linking $t" >&2
    "$SWIFTC" -swift-version 6 -parse-as-library -module-name "Fuzz_$t" \
        -sanitize=fuzzer,address $FUZZ_OPT -g -I "$OUT" \
        "$src" "${support[@]}" "${objs[@]}" -o "$bin.tmp" 2> "$OUT/$t.link.log" \
        || { cat "$OUT/$t.link.log" >&2; echo "fuzz: target $t does not build" >&2; return 1; }
    mv "$bin.tmp" "$bin"
}

build() {
    mkdir -p "$OUT"
    # One build at a time (two run.sh in parallel would write the same objects).
    exec 9> "$OUT/.build.lock"
    flock 9
    # Other compiler or flags than the objects were built with: build everything again.
    local flags
    flags="$("$SWIFTC" --version 2>&1 | head -n 1) | $FUZZ_OPT | $MODULE_FLAGS"
    if [[ "$(cat "$OUT/.flags" 2>/dev/null || true)" != "$flags" ]]; then
        rm -f "$OUT"/*.o "$OUT"/bin/*
        printf '%s' "$flags" > "$OUT/.flags"
    fi
    local t
    for t in "$@"; do build_target "$t" || { flock -u 9; return 1; }; done
    flock -u 9
}

# The seed corpus: fixture files (and hand-written seeds in fuzz/seeds/<target>/), refreshed every run.
seed() {
    local t="$1" dir="$OUT/corpus-$1" sep
    mkdir -p "$dir"
    sep="$(printf '\377')"
    local F="$ROOT/fixtures"
    case "$t" in
        money)
            local i=0
            while IFS= read -r line || [[ -n "$line" ]]; do
                i=$((i + 1)); printf '%s' "$line" > "$dir/seed-$i"
            done < "$FUZZ/seeds/money.txt"
            ;;
        csv)
            for f in "$F"/catalogue/*.csv "$F"/*/conference.csv "$F"/*/spending.csv; do
                [[ -f "$f" ]] && cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
            done
            head -c 4000 "$F/hoi-nghi-chuyen-gia-2025/estimate.csv" > "$dir/seed-estimate-head.csv"
            ;;
        estimate)
            local w
            for w in hoi-nghi-chuyen-gia-2025 hoi-nghi-chuyen-gia-2025-loi; do
                { cat "$F/$w/conference.csv"; printf '%s' "$sep"; cat "$F/$w/estimate.csv"; } > "$dir/seed-$w"
                cp "$F/$w/estimate.csv" "$dir/seed-$w-estimate-only"
            done
            ;;
        catalogue)
            { cat "$F/catalogue/norms.csv"; printf '%s' "$sep"; cat "$F/catalogue/budget-codes.csv"; } > "$dir/seed-both"
            cp "$F/catalogue/norms.csv" "$dir/seed-norms-only"
            ;;
        voucher)
            # The input's length picks the situation (see fuzz/targets/voucher.swift): one copy of each
            # fixture voucher file per situation, padded with newlines to length 0, 1, 2, 3 mod 4.
            local f k
            for f in "$F"/*/spending.csv; do
                [[ -f "$f" ]] || continue
                for k in 0 1 2 3; do
                    local out="$dir/seed-$(basename "$(dirname "$f")")-spending-$k.csv"
                    cp "$f" "$out"
                    while (( $(wc -c < "$out") % 4 != k )); do printf '\n' >> "$out"; done
                done
            done
            ;;
        journal)
            # Journals the current code writes (the format is still moving): the target makes them.
            local tmp="$OUT/tmp-journal-seeds"
            mkdir -p "$tmp"
            SWIFT_BACKTRACE=enable=no KINHPHI_FUZZ_ROOT="$ROOT" KINHPHI_FUZZ_TMP="$tmp" KINHPHI_FUZZ_MAKE_SEEDS="$dir" \
                ASAN_OPTIONS=detect_leaks=0 "$OUT/bin/journal" -runs=1 "$FUZZ/seeds/money.txt" > "$tmp/log" 2>&1 \
                || { cat "$tmp/log" >&2; echo "fuzz: cannot make the journal seeds" >&2; rm -rf "$tmp"; return 1; }
            rm -rf "$tmp"
            ;;
    esac
    if [[ -d "$FUZZ/seeds/$t" ]]; then
        local s
        for s in "$FUZZ/seeds/$t"/*; do [[ -f "$s" ]] && cp "$s" "$dir/seed-$(basename "$s")"; done
    fi
    return 0
}

# Runs one target; prints its final stats line and records a summary row in $OUT/summary-<target>.
run_one() {
    local t="$1" secs="$2"; shift 2
    build "$t" || return 1
    seed "$t" || return 1
    local work="$OUT/work-$t" crashes="$OUT/crashes-$t" tmp="$OUT/tmp-$t"
    mkdir -p "$work" "$crashes" "$tmp"
    rm -f "$work"/fuzz-*.log
    touch "$work/.start"
    local before after
    before="$(find "$crashes" -type f | wc -l)"
    echo "fuzz: $t for ${secs}s (corpus $OUT/corpus-$t, crashes $crashes/)" >&2
    local rc=0
    (
        cd "$work"
        SWIFT_BACKTRACE=enable=no KINHPHI_FUZZ_ROOT="$ROOT" KINHPHI_FUZZ_TMP="$tmp" \
        ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:handle_abort=1:symbolize=1" \
            "$OUT/bin/$t" "$OUT/corpus-$t" -max_total_time="$secs" -jobs=1 -workers=1 \
            -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
            -dict="$FUZZ/dicts/$t.dict" -artifact_prefix="$crashes/" "$@" > "$work/parent.log" 2>&1
    ) || rc=$?
    rm -rf "$tmp"
    after="$(find "$crashes" -type f | wc -l)"
    local log="$work/fuzz-0.log"
    [[ -f "$log" ]] || log="$work/parent.log"
    local stats runs cov ft execs
    stats="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)"
    [[ -n "$runs" ]] || runs="$(sed -n 's/^#\([0-9]*\).*/\1/p' <<< "$stats")"
    cov="$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$stats")"
    ft="$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<< "$stats")"
    execs="$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)"
    echo "$stats"
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|SUMMARY|==[0-9]+==ERROR|FUZZ INVARIANT)' "$log" || true
    local new=$((after - before))
    if (( new > 0 )); then
        echo "fuzz: $t: $new new crash file(s) in $crashes/:" >&2
        find "$crashes" -type f -newer "$work/.start" | head -n 20 >&2 || true
        echo "fuzz: replay with: fuzz/run.sh repro $t <file>   (full log: $log)" >&2
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$secs" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${execs:-?}" "$new" > "$OUT/summary-$t"
    return 0
}

summary() {
    printf '\n%-10s %8s %12s %7s %7s %8s %8s\n' target seconds executions cov ft exec/s crashes
    local t
    for t in "$@"; do
        [[ -f "$OUT/summary-$t" ]] || continue
        IFS=$'\t' read -r name secs runs cov ft execs crashes < "$OUT/summary-$t"
        printf '%-10s %8s %12s %7s %7s %8s %8s\n' "$name" "$secs" "$runs" "$cov" "$ft" "$execs" "$crashes"
    done
}

[[ $# -ge 1 ]] || usage
cmd="$1"; shift
case "$cmd" in
    -h|--help|help) usage ;;
    list) printf '%s\n' "${TARGETS[@]}" ;;
    build)
        if [[ $# -eq 0 ]]; then build "${TARGETS[@]}"; else
            for t in "$@"; do is_target "$t" || usage; done
            build "$@"
        fi ;;
    repro)
        [[ $# -ge 2 ]] || usage
        t="$1"; shift
        is_target "$t" || usage
        build "$t" || exit 1
        mkdir -p "$OUT/tmp-$t"
        rc=0
        SWIFT_BACKTRACE=enable=no KINHPHI_FUZZ_ROOT="$ROOT" KINHPHI_FUZZ_TMP="$OUT/tmp-$t" ASAN_OPTIONS=detect_leaks=0 \
            "$OUT/bin/$t" -runs=1 "$@" || rc=$?
        rm -rf "$OUT/tmp-$t"
        exit "$rc"
        ;;
    all)
        [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || usage
        secs="$1"; shift
        for t in "${TARGETS[@]}"; do rm -f "$OUT/summary-$t"; run_one "$t" "$secs" "$@" || echo "fuzz: $t failed to run" >&2; done
        summary "${TARGETS[@]}"
        ;;
    *)
        is_target "$cmd" || usage
        [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]] || usage
        secs="$1"; shift
        rm -f "$OUT/summary-$cmd"
        run_one "$cmd" "$secs" "$@"
        summary "$cmd"
        ;;
esac
