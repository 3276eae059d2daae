#!/usr/bin/env bash
# Converts the example notices and the Markdown test fixtures to HTML and
# Word with pandoc, and the Word files to PDF with LibreOffice, for the
# tests that check each format gives the same findings as its Markdown
# source. The results are committed; neither the tests nor CI need pandoc
# or LibreOffice. Run from the repository root after changing a source
# notice:
#
#   apt-get install pandoc libreoffice-writer-nogui     # Debian's packages
#   scripts/convert-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/converted
mkdir -p "$out"
# Without raw_html, "<FirstName>" stays text, as breachlint's own Markdown
# reader keeps it (pandoc's CommonMark reader turns it into a tag); without
# smart, quotes stay as written.
convert() {
  local src=$1 name=$2
  # --standalone gives a whole web page; its <title> (pagetitle) is not
  # part of the body, so it changes no finding.
  pandoc --from markdown-raw_html-smart --standalone --metadata pagetitle="$name" \
    --to html5 --output "$out/$name.html" "$src"
  pandoc --from markdown-raw_html-smart --to docx --output "$out/$name.docx" "$src"
  # The PDF is printed from the Word file, as a letter usually is. A
  # profile of its own keeps LibreOffice off the user's settings.
  soffice -env:UserInstallation="file://$profile" --headless \
    --convert-to pdf --outdir "$out" "$out/$name.docx" >/dev/null
}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
convert examples/printing-error-2015/notice.md printing-error-2015
convert examples/california-2026/notice.md california-2026
convert tests/fixtures/notices/clean.md clean
convert tests/fixtures/notices/flawed.md flawed
ls -l "$out"
