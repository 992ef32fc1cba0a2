#!/usr/bin/env bash
# Core and plugins never see Qt, and core never includes the CLI or GUI (shared/STYLE.md rule 1).
set -u
src="$1"
status=0
if grep -rnE '^\s*#\s*include\s*<Q' "$src/core" "$src/plugins" 2>/dev/null; then
  echo "Qt include in core/ or plugins/" >&2; status=1
fi
if grep -rnE '^\s*#\s*include\s*"(cli|gui)/' "$src/core" 2>/dev/null; then
  echo "core includes cli/ or gui/" >&2; status=1
fi
exit $status
