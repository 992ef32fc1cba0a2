#!/usr/bin/env bash
# Sources follow .clang-format (shared/STYLE.md rule 22).
set -u
cd "$1" || exit 1
files=$(find core cli gui bench tests -name '*.cpp' -o -name '*.hpp')
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files 2>/tmp/redline-format.log; then
  head -20 /tmp/redline-format.log >&2
  echo "run: clang-format -i \$(find core cli gui bench tests -name '*.cpp' -o -name '*.hpp')" >&2
  exit 1
fi
