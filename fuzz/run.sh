#!/bin/bash
# run.sh — run every libFuzzer harness (or the named ones) for SECONDS
# each, one after the other, starting from the seeds in fuzz/corpus/.
# New inputs the fuzzer finds go to a scratch folder, never into the
# committed corpus; a crash, leak, sanitizer report or slow input is
# saved under OUT (default: BUILD_DIR/fuzz-out) and makes
# the script fail, naming the file to turn into a regression test.
#
#   fuzz/run.sh SECONDS [BUILD_DIR [NAME...]]
#   NAME is iptables-save, nft-json, netsh-text, netsh-registry,
#   baseline, options or compare. BUILD_DIR defaults to build-fuzz and is set up
#   (CC=clang meson setup BUILD_DIR -Dfuzz=true) when missing.
#   FUZZ_OUT=DIR overrides OUT; FUZZ_ARGS adds libFuzzer flags.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:?usage: fuzz/run.sh SECONDS [BUILD_DIR [NAME...]]}
build=${2:-build-fuzz}
shift $(($# < 2 ? $# : 2))
names=("$@")
[ ${#names[@]} = 0 ] && names=(iptables-save nft-json netsh-text netsh-registry baseline options compare)

if [ ! -d "$build" ]; then
	CC=clang meson setup "$build" "$here/.." -Dfuzz=true > /dev/null || exit 2
fi
ninja -C "$build" $(printf 'fuzz/fuzz-%s ' "${names[@]}") > /dev/null || {
	echo "run.sh: build failed (ninja -C $build)" >&2; exit 2; }

out=${FUZZ_OUT:-$(cd "$build" && pwd)/fuzz-out}
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for n in "${names[@]}"; do
	bin=$build/fuzz/fuzz-$n
	[ -x "$bin" ] || { echo "run.sh: no $bin" >&2; failed+=("$n"); continue; }
	mkdir -p "$scratch/$n" "$out/$n"
	echo "== fuzz-$n for ${seconds}s"
	# -timeout: an input taking 10 s is a hang; -rss_limit_mb: a blow-up.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$out/$n/" ${FUZZ_ARGS:-} \
		"$scratch/$n" "$here/corpus/$n" > "$out/$n.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
		"$out/$n.log" | tr '\n' ' '
	echo
	if [ $rc != 0 ]; then
		failed+=("$n")
		grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written' \
			"$out/$n.log" | head -8
		echo "   full log: $out/$n.log"
	fi
done
if [ ${#failed[@]} != 0 ]; then
	echo "run.sh: findings in: ${failed[*]} (inputs under $out/)"
	exit 1
fi
echo "run.sh: ${#names[@]} harnesses ran ${seconds}s each, no findings"
