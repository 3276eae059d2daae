#!/usr/bin/env bash
# The GitHub Action's lint step (see action.yml). Inputs arrive as
# environment variables so the step can be run and tested outside Actions:
#   BL_PATHS       space-separated paths (default ".")
#   BL_RULESETS    space-separated rule-set names or .toml paths (optional)
#   BL_FAIL_ON     error | warning | info (default error)
#   BL_SARIF       file to write a SARIF report to (optional)
#   BL_ARGS        extra arguments for `breachlint check` (optional)
#   BL_BIN         the breachlint binary (default: breachlint on PATH)
set -uo pipefail

bin="${BL_BIN:-breachlint}"
read -r -a paths <<<"${BL_PATHS:-.}"
read -r -a extra <<<"${BL_ARGS:-}"
rulesets=()
for r in ${BL_RULESETS:-}; do
  rulesets+=(--ruleset "$r")
done
fail_on="${BL_FAIL_ON:-error}"

if [ -n "${BL_SARIF:-}" ]; then
  # The SARIF report is for upload; it never decides the step's outcome.
  "$bin" check --format sarif --output "$BL_SARIF" --exit-zero "${rulesets[@]}" "${extra[@]}" "${paths[@]}"
  code=$?
  if [ "$code" -eq 2 ]; then
    echo "breachlint could not write the SARIF report" >&2
    exit 2
  fi
fi

"$bin" check --format github --fail-on "$fail_on" "${rulesets[@]}" "${extra[@]}" "${paths[@]}"
code=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### breachlint"
    echo
    echo '```'
    "$bin" check --format short --color never --exit-zero --statistics "${rulesets[@]}" "${extra[@]}" "${paths[@]}" 2>&1 | tail -n 60
    echo '```'
  } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
