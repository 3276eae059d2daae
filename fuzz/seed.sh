#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with the project's own inputs: fixture notices,
# the examples, the built-in rule sets (and the notice texts of their inline
# tests), and the TOML snippets of the documentation. Run from anywhere;
# existing corpus files are kept.
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
corpus="$fuzz/corpus"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Copies each named file into each named corpus, under a name made from its
# path so that files of the same name do not overwrite each other.
put() {
    local targets=$1
    shift
    local file t name
    for file in "$@"; do
        [ -f "$file" ] || continue
        case $file in
            "$root"/*) name=${file#"$root"/} ;;
            *) name=$(basename "$file") ;;
        esac
        name=${name//\//_}
        for t in $targets; do
            mkdir -p "$corpus/$t"
            cp "$file" "$corpus/$t/$name"
        done
    done
}

# Splits fenced ```toml blocks of Markdown files into one file each.
toml_blocks() {
    awk -v out="$scratch/toml" '
        /^```toml/ { n++; name = FILENAME; gsub("/", "_", name); file = sprintf("%s/%s-%03d.toml", out, name, n); inside = 1; next }
        /^```/ { inside = 0; next }
        inside { print > file }
    ' "$@"
}

# Splits the `text = '''…'''` notice texts of rule-set inline tests into one file each.
test_texts() {
    awk -v out="$scratch/texts" '
        /^[ \t]*text = '"'''"'/ { n++; name = FILENAME; gsub("/", "_", name); file = sprintf("%s/%s-%03d.md", out, name, n); inside = 1; next }
        /^[ \t]*'"'''"'/ { inside = 0; next }
        inside { print > file }
    ' "$@"
}

# Splits rule-set files into one file per rule (each with the file's
# `[ruleset]` head): a whole built-in set takes a long time to compile, so the
# fuzzer gets through many more small sets in the same time.
single_rules() {
    awk -v out="$scratch/rules" '
        FNR == 1 { head = ""; inside = 0; name = FILENAME; gsub("/", "_", name) }
        /^\[\[rule\]\]/ { n++; inside = 1; file = sprintf("%s/%s-%03d.toml", out, name, n); printf "%s", head > file }
        inside { print > file; next }
        { head = head $0 "\n" }
    ' "$@"
}

mkdir -p "$scratch/toml" "$scratch/texts" "$scratch/rules"
(cd "$root" && toml_blocks docs/*.md README.md)
(cd "$root" && test_texts rules/*.toml tests/fixtures/rules/*.toml)
(cd "$root" && single_rules rules/*.toml)

notices=(
    "$root"/tests/fixtures/notices/*
    "$root"/examples/*/notice.md
    "$root"/docs/*.md
    "$root"/README.md
    "$scratch"/texts/*
)
facts=("$root"/examples/*/incident.toml)
rulesets=("$scratch"/rules/* "$root"/tests/fixtures/rules/*.toml)
snippets=("$scratch"/toml/*)

put "markdown text extract suppress lint render" "${notices[@]}"
put "incident" "${facts[@]}" "${snippets[@]}"
put "ruleset" "${rulesets[@]}" "${snippets[@]}"
put "config" "${snippets[@]}"
put "html lint" "$root"/tests/fixtures/formats/*.html "$root"/tests/fixtures/converted/*.html
put "docx" "$root"/tests/fixtures/converted/*.docx
# The body XML of the converted Word files, and the Word XML of inline tests.
for f in "$root"/tests/fixtures/converted/*.docx; do
    [ -f "$f" ] || continue
    unzip -p "$f" word/document.xml | sed -e 's/.*<w:body>//' -e 's/<\/w:body>.*//' \
        > "$scratch/$(basename "$f" .docx).xml"
done
put "docx_xml" "$scratch"/*.xml
put "pdf" "$root"/tests/fixtures/converted/*.pdf
# Earlier findings, so every run starts from them.
for dir in "$root"/tests/fixtures/fuzz/*/; do
    [ -d "$dir" ] || continue
    put "$(basename "$dir")" "$dir"*
done

for t in "$corpus"/*/; do
    printf '%-10s %4d files\n' "$(basename "$t")" "$(find "$t" -type f | wc -l)"
done
