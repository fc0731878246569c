#!/usr/bin/env bash
# CI: every PDF in a built site checked with poppler, independently of the code that wrote it:
# A4, tagged, title = headline, every font embedded and none Type 3, text with 공공누리/KOGL and
# page numbers. Usage: bash .ci/pdf-check.sh DIST
set -euo pipefail
dist=${1:?usage: pdf-check.sh DIST}
count=0
fail() { echo "pdf-check: FAILED: $1: $2" >&2; exit 1; }
while IFS= read -r pdf; do
  info=$(pdfinfo "$pdf")
  grep -q '^Page size:.*(A4)' <<<"$info" || fail "$pdf" "not A4"
  grep -q '^Tagged: *yes' <<<"$info" || fail "$pdf" "not a tagged PDF"
  title=$(sed -n 's/^Title: *//p' <<<"$info")
  [[ -n $title ]] || fail "$pdf" "no Title"
  # pdffonts: two header lines, then one line per font; column "emb" must be yes, type never Type 3.
  fonts=$(pdffonts "$pdf" | tail -n +3)
  [[ -n $fonts ]] || fail "$pdf" "no fonts"
  grep -q 'Type 3' <<<"$fonts" && fail "$pdf" "has a Type 3 font"
  awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' <<<"$fonts" || fail "$pdf" "a font is not embedded"
  text=$(pdftotext -layout "$pdf" -)
  # pdftotext may break a long headline over lines: compare without white space. A withdrawn
  # notice's Title starts with its mark ("[철회] ", "[Withdrawn] "); the headline on the page does not.
  squash() { tr -d '[:space:]'; }
  headline=$(sed -E 's/^\[[^]]+\] //' <<<"$title")
  [[ $(squash <<<"$text") == *"$(squash <<<"$headline")"* ]] || fail "$pdf" "the headline is not in the text"
  grep -Eq '공공누리|KOGL' <<<"$text" || fail "$pdf" "no KOGL attribution in the text"
  pages=$(sed -n 's/^Pages: *//p' <<<"$info")
  grep -Eq "(1 / ${pages}쪽|Page 1 of ${pages})" <<<"$text" || fail "$pdf" "no page numbers"
  count=$((count + 1))
done < <(find "$dist" -name '*.pdf' -path '*/[a-z][a-z]/*/*.[a-z][a-z].pdf' | sort)
[[ $count -gt 0 ]] || fail "$dist" "no notice PDFs found"
echo "pdf-check: $count PDFs: A4, tagged, titled, fonts embedded (no Type 3), headline, KOGL and page numbers in the text"
