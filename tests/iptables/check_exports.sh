#!/bin/bash
# check_exports.sh MODULE — the reader module exports fwd_reader_entry and
# nothing else (built with -fvisibility=hidden), and leaves the fwd_*
# model builder undefined, for the fwdrift binary to provide.
set -euo pipefail
mod=$1
defined=$(nm -D --defined-only "$mod" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
	grep -v -E '^(_init|_fini|__bss_start|_edata|_end)$' || true)
if [ "$defined" != "fwd_reader_entry" ]; then
	echo "FAIL exports: $(echo $defined)"
	echo "0 passed, 1 failed"
	exit 1
fi
undefined=$(nm -D --undefined-only "$mod")
if ! grep -q ' fwd_rule_add$' <<< "$undefined"; then
	echo "FAIL fwd_rule_add is not left to the binary"
	echo "1 passed, 1 failed"
	exit 1
fi
echo "2 passed, 0 failed"
