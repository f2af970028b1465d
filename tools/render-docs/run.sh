#!/bin/sh
# Renders every printable document of the bundled fixtures in a real browser (headless Chromium) and checks
# what it prints (docs/documents.md §Seen in a real browser):
#   - the PDF's page size is A4, in the document's orientation (pdfinfo);
#   - the page count is the one expected below (a layout change that adds or loses a page shows here);
#   - nothing is printed outside the text area: every word of the PDF lies between the left and right
#     margins (pdftotext -bbox), and, laid out on screen at the page's width, no table is wider than the
#     text area and no cell's content is wider than its cell (a copy of the HTML with a measuring script:
#     the documents themselves have no script);
#   - the first page of each is kept as a PNG under tools/render-docs/out/ (git-ignored) for a reader.
#
# Usage: tools/render-docs/run.sh [--docs-img] [--kinhphi PATH]
#   --docs-img      also copy the first pages of the Vietnamese documents of the good fixture to docs/img/
#                   (what docs/documents.md shows; at 50 dpi, each well under 200 KB)
#   --kinhphi PATH  the binary to use (default: swift build, then .build/debug/kinhphi)
# Chromium and poppler-utils are Debian packages: when missing, they are installed with apt-get (as root).
# Exit: 0 all documents pass · 1 a check failed · 77 Chromium is not available and cannot be installed
# (.ci/run reports that and goes on).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
out="$root/tools/render-docs/out"
docs_img=no
kinhphi=""
while [ $# -gt 0 ]; do
    case "$1" in
        --docs-img) docs_img=yes ;;
        --kinhphi) shift; kinhphi="$1" ;;
        *) echo "usage: $0 [--docs-img] [--kinhphi PATH]" >&2; exit 2 ;;
    esac
    shift
done

# --- the browser and the PDF tools --------------------------------------------------------------------
browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ] || ! command -v pdfinfo >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Liberation Serif"; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "render-docs: installing chromium, poppler-utils and fonts-liberation (Debian packages)…"
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-liberation; } >/tmp/render-docs-apt.log 2>&1; then
            echo "render-docs: apt-get could not install them (see /tmp/render-docs-apt.log)"
            exit 77
        fi
        browser=chromium
    else
        echo "render-docs: Chromium or poppler-utils missing, and apt-get is not available to this user"
        exit 77
    fi
fi
echo "render-docs: $($browser --version 2>/dev/null | head -1); $(pdfinfo -v 2>&1 | head -1)"

if [ -z "$kinhphi" ]; then
    swift build >/dev/null
    kinhphi="$root/.build/debug/kinhphi"
fi

# --- the documents -------------------------------------------------------------------------------------
# fixture document lang orientation pages: the expected page count with Liberation Serif (the metric twin of
# Times New Roman that Debian's Chromium uses when Times New Roman is not installed).
expected='
hoi-nghi-chuyen-gia-2025 estimate vi landscape 5
hoi-nghi-chuyen-gia-2025 estimate en landscape 5
hoi-nghi-chuyen-gia-2025 submission vi portrait 2
hoi-nghi-chuyen-gia-2025 submission en portrait 2
hoi-nghi-chuyen-gia-2025 appraisal vi landscape 5
hoi-nghi-chuyen-gia-2025 appraisal en landscape 5
hoi-nghi-chuyen-gia-2025-loi estimate vi landscape 6
hoi-nghi-chuyen-gia-2025-loi submission vi portrait 2
hoi-nghi-chuyen-gia-2025-loi appraisal vi landscape 14
hoi-nghi-tap-huan-2026 estimate vi landscape 3
hoi-nghi-tap-huan-2026 submission vi portrait 1
hoi-nghi-tap-huan-2026 appraisal vi landscape 3
hoi-nghi-chuyen-gia-2025 settlement vi landscape 3
hoi-nghi-chuyen-gia-2025 settlement en landscape 3
hoi-nghi-chuyen-gia-2025 vouchers vi landscape 6
hoi-nghi-chuyen-gia-2025 vouchers en landscape 5
hoi-nghi-chuyen-gia-2025 payees vi landscape 4
hoi-nghi-chuyen-gia-2025 advance:TU-01 vi portrait 2
hoi-nghi-chuyen-gia-2025 advance:TU-02 en portrait 2
year report vi landscape 9
year report en landscape 9
'

rm -rf "$out"
mkdir -p "$out/html" "$out/pdf" "$out/png"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/fixtures" "$scratch/fixtures"
profile="$scratch/profile"

# The documents drawn from the journal need one: the README tour on the good conference (approve, import
# its spending, correct the postage voucher by a reversal and a new record), as PrintCommandTests does — on
# 10/01/2026 (the spending has a voucher of 08/01/2026, and no voucher may be dated after today), with a
# witness in the scratch folder (not the user's).
good="$scratch/fixtures/hoi-nghi-chuyen-gia-2025"
tour() { KINHPHI_CLOCK=2026-01-10T10:00:00+07:00 KINHPHI_WITNESS="$scratch/witness" "$kinhphi" "$@" >/dev/null; }
tour approve "$good" --decision 1234/QĐ-UBND --date 10/11/2025
tour import "$good" "$good/spending.csv"
tour reverse "$good" 2 --reason "Sai số tiền: hóa đơn 0004512 là 2.106.000 đ"
tour record "$good" --date 03/11/2025 --line 1.2 --payee "Bưu điện Trung tâm 1 Hà Nội" --payee-type business \
    --tax-code 0106213579 --description "Cước chuyển phát 86 giấy mời và phiếu xác nhận tham dự" --amount 2.106.000 \
    --vat 191.455 --method cash --kind payment --invoice-series 1C25BDH --invoice-no 0004512 --invoice-date 03/11/2025 \
    --voucher-no PC-01

# The year report (`print <folder>… report`): a department's folder with two copies of the good conference
# after the same tour (each approved by its own decision, not the tour's 1234: one witness serves the scratch folder,
# and an identical approval would be the same workspace to it; the copies share every invoice and voucher number,
# which the report lists) and the flawed estimate, never approved.
year="$scratch/year"
mkdir -p "$year"
cp -r "$root/fixtures/catalogue" "$root/fixtures/templates" "$root/fixtures/hoi-nghi-chuyen-gia-2025-loi" "$year/"
for copy in a:1241 b:1242; do
    ws="$year/${copy%%:*}"
    cp -r "$root/fixtures/hoi-nghi-chuyen-gia-2025" "$ws"
    tour approve "$ws" --decision "${copy#*:}/QĐ-UBND" --date 10/11/2025
    tour import "$ws" "$ws/spending.csv"
done

# The measuring script appended to a copy of each HTML file (never to the document itself).
cat > "$scratch/measure.html" <<'EOF'
<script>
addEventListener('load', function () {
  var limit = document.body.getBoundingClientRect().right + 1.5, bad = [];  // a collapsed border's outer half
  document.querySelectorAll('table').forEach(function (t, i) {
    var r = t.getBoundingClientRect();
    if (r.right > limit || t.scrollWidth > t.clientWidth + 1) bad.push('table ' + i + ' ends at ' + Math.round(r.right) + 'px > ' + Math.round(limit) + 'px');
  });
  document.querySelectorAll('td, th').forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1) bad.push('cell "' + c.textContent.trim().slice(0, 40) + '" needs ' + c.scrollWidth + 'px, has ' + c.clientWidth + 'px');
  });
  var p = document.createElement('pre'); p.id = 'kp-measure';
  p.textContent = bad.length ? 'OVERFLOW: ' + bad.join('; ') : 'FITS';
  document.body.appendChild(p);
});
</script>
EOF

chrome() {
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" "$@" 2>/dev/null
}

echo "$expected" | while read -r fixture spec lang orientation pages; do
    [ -n "$fixture" ] || continue
    doc=${spec%%:*}
    extra=""
    case "$spec" in *:*) extra="--voucher ${spec#*:}" ;; esac
    name="$fixture-$(echo "$spec" | tr ':' '-')-$lang"
    html="$out/html/$name.html"
    pdf="$out/pdf/$name.pdf"
    if [ "$doc" = report ]; then
        # Exit 1 is expected: the copies share invoices. Run from the scratch folder: paths print as year/a.
        rc=0
        (cd "$scratch" && KINHPHI_CLOCK=2026-01-10T10:00:00+07:00 KINHPHI_WITNESS="$scratch/witness" "$kinhphi" print year report --year 2025 --date 10/01/2026 \
            --lang "$lang" --out "$html" >/dev/null) || rc=$?
        if [ "$rc" -gt 1 ]; then echo "$name"; echo "  FAIL kinhphi print exited $rc"; echo 1 >> "$scratch/failed"; continue; fi
    # shellcheck disable=SC2086
    elif ! KINHPHI_CLOCK=2026-01-10T10:00:00+07:00 KINHPHI_WITNESS="$scratch/witness" "$kinhphi" print "$scratch/fixtures/$fixture" "$doc" $extra --lang "$lang" --out "$html" >/dev/null; then
        echo "$name"; echo "  FAIL kinhphi print exited non-zero"; echo 1 >> "$scratch/failed"; continue
    fi
    chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" >/dev/null
    status="ok"
    problems=""
    if [ ! -s "$pdf" ]; then problems="$problems; no PDF"; fi
    info=$(pdfinfo "$pdf" 2>/dev/null || true)
    size=$(echo "$info" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p')
    w=${size% *}; h=${size#* }
    got_pages=$(echo "$info" | sed -n 's/^Pages: *//p')
    case "$orientation" in
        portrait) want="595 842"; left_mm=30 ;;
        landscape) want="842 595"; left_mm=20 ;;
    esac
    got="$(printf '%.0f %.0f' "$w" "$h")"
    [ "$got" = "$want" ] || problems="$problems; page size $w x $h pt, expected A4 $orientation ($want)"
    echo "$info" | grep -q "(A4)" || problems="$problems; pdfinfo does not call the page A4"
    [ "$got_pages" = "$pages" ] || problems="$problems; $got_pages pages, expected $pages"
    # Every word inside the text area (1 pt of tolerance): left margin left_mm, right margin 15 mm.
    outside=$(pdftotext -bbox "$pdf" - | awk -v W="$w" -v L="$left_mm" '
        /<word / {
            match($0, /xMin="[0-9.]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            match($0, /xMax="[0-9.]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            if (x0 < L * 72 / 25.4 - 1 || x1 > W - 15 * 72 / 25.4 + 1) { n++; if (n <= 3) printf "%s (%.1f–%.1f pt) ", $0, x0, x1 }
        }
        END { if (n) printf "… %d words outside the text area", n }')
    [ -z "$outside" ] || problems="$problems; $outside"
    # Laid out on screen at the page's width: no table or cell wider than it may be.
    cat "$html" "$scratch/measure.html" > "$scratch/measure-$name.html"
    measure=$(chrome --window-size=1600,1200 --virtual-time-budget=3000 --dump-dom "file://$scratch/measure-$name.html" \
              | sed -n 's/.*<pre id="kp-measure">\(.*\)<\/pre>.*/\1/p')
    [ "$measure" = "FITS" ] || problems="$problems; ${measure:-the measuring script gave no answer}"
    pdftoppm -r 50 -f 1 -l 1 -png "$pdf" "$out/png/$name"
    if [ -n "$problems" ]; then
        echo "$name: $got_pages pages, $w x $h pt"; echo "  FAIL${problems#;}"; echo 1 >> "$scratch/failed"
    else
        echo "$name: ok ($got_pages pages A4 $orientation; text within the margins; tables fit)"
    fi
    echo 1 >> "$scratch/count"
done

touch "$scratch/count" "$scratch/failed"
count=$(wc -l < "$scratch/count")
failed=$(wc -l < "$scratch/failed")
if [ "$docs_img" = yes ]; then
    mkdir -p "$root/docs/img"
    for doc in estimate submission appraisal settlement vouchers payees advance-TU-01 report; do
        f="$out/png/hoi-nghi-chuyen-gia-2025-$doc-vi-1.png"
        [ "$doc" = report ] && f="$out/png/year-report-vi-1.png"
        cp "$f" "$root/docs/img/$doc.png"
        echo "render-docs: docs/img/$doc.png ($(wc -c < "$f") bytes)"
    done
fi
echo "render-docs: first pages in tools/render-docs/out/png/"
echo "render-docs: $((count - failed)) of $count documents pass the browser checks"
[ "$failed" -eq 0 ]
