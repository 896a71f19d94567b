#!/bin/bash
# gen_corpus.sh — (re)seed fuzz/corpus/<parser>/ from the test fixtures.
# Seeds are copies, named after the fixture they came from; crash inputs
# that became regression tests (crash-*) are kept. NEEDS ROOT for the
# nft-json seeds: each tests/nftables/corpus ruleset is loaded into a
# throw-away network namespace (unshare -n) and exported with
# `nft -j list ruleset`; the host's firewall is never touched. The
# compare seeds are reports made by a built fwdrift (FWDRIFT=path, by
# default build/src/fwdrift); without one they are kept as they are.
#
#   [FWDRIFT=build/src/fwdrift] fuzz/gen_corpus.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
c=$here/corpus
t=$top/tests

seed() { # seed PARSER NAME FILE
	mkdir -p "$c/$1"
	cp "$3" "$c/$1/$2"
}
flat() { # path below tests/ as a file name
	local p=${1#"$t"/}
	echo "${p//\//-}"
}
fwdrift=${FWDRIFT:-$top/build/src/fwdrift}
for d in iptables-save nft-json netsh-text netsh-registry baseline options \
	 compare; do
	[ $d = compare ] && [ ! -x "$fwdrift" ] && continue
	mkdir -p "$c/$d"
	find "$c/$d" -type f ! -name 'crash-*' -delete
done

# iptables-save: every export the iptables tests and the CLI tests use.
for f in "$t"/iptables/cases/* "$t"/iptables/rules/* "$t"/iptables/bad/* \
	 "$t"/cli/fixtures/*; do
	case $f in *.expect|*.exposure|*.txt|*.json) continue ;; esac
	seed iptables-save "$(flat "$f")" "$f"
done

# nft -j: the nftables corpus, exported from a namespace, and the bad ones.
for f in "$t"/nftables/bad/*.json; do
	seed nft-json "$(flat "$f")" "$f"
done
if [ "$(id -u)" = 0 ] && command -v nft > /dev/null; then
	for d in "$t"/nftables/corpus/*/; do
		n=$(basename "$d")
		unshare -n bash -c '
			d=$1
			[ -f "$d/ruleset.iptables" ] && iptables-nft-restore < "$d/ruleset.iptables"
			[ -f "$d/ruleset6.iptables" ] && ip6tables-nft-restore < "$d/ruleset6.iptables"
			[ -f "$d/ruleset.nft" ] && nft -f "$d/ruleset.nft"
			nft -j list ruleset' _ "$d" > "$c/nft-json/corpus-$n.json" ||
			echo "gen_corpus: $n not exported" >&2
	done
else
	echo "gen_corpus: not root, nft-json seeds from the corpus kept as they are" >&2
fi

# netsh: whole files of every fixture, bad ones included, and the
# split-input pairs (rules, form feed, profiles) as the harness reads them.
for f in "$t"/netsh/fixtures/*/*.txt "$t"/netsh/fixtures/*/*.reg \
	 "$t"/netsh/fixtures/bad/*.txt "$t"/netsh/fixtures/bad/*.reg \
	 "$t"/netsh/fixtures/bad/*.bin; do
	case $f in */exposure*|*/model.txt) continue ;; esac
	seed netsh-text "$(flat "$f")" "$f"
done
for d in "$t"/netsh/fixtures/*/; do
	[ -f "$d/rules.txt" ] && [ -f "$d/profiles.txt" ] || continue
	{ cat "$d/rules.txt"; printf '\f'; cat "$d/profiles.txt"; } \
		> "$c/netsh-text/pair-$(basename "$d")"
done

# netsh registry strings: the rule strings of every .reg fixture, one per
# line (the harness wraps lines starting with v2. into an export).
for f in "$t"/netsh/fixtures/*/*.reg "$t"/netsh/fixtures/bad/*.reg; do
	python3 - "$f" > "$c/netsh-registry/$(flat "$f").lines" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read()
if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
    text = raw.decode("utf-16")
else:
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
text = re.sub(r"\\\r?\n\s*", "", text)          # continuations
for m in re.finditer(r'^"[^"]*"="(v2\.(?:[^"\\]|\\.)*)"', text, re.M):
    print(re.sub(r"\\(.)", r"\1", m.group(1)))
PY
done

# baselines: the shipped ones.
for f in "$top"/baselines/*.json; do
	[ "$(basename "$f")" = schema.json ] && continue
	seed baseline "$(basename "$f")" "$f"
done

# compare: fwdrift-report/1 documents of the compare fixtures, alone
# (compared with themselves) and in pairs OLD, form feed, NEW.
if [ -x "$fwdrift" ]; then
	r=$(mktemp -d)
	for f in "$t"/compare/fixtures/*.v4; do
		n=$(basename "$f" .v4)
		env -u FWDRIFT_BASELINE_PATH "$fwdrift" --baseline privilegesecure \
			--role all --input "$f" --format json > "$r/$n.json"
		[ -s "$r/$n.json" ] && seed compare "report-$n.json" "$r/$n.json"
	done
	for pair in old:new fixed:shadowed accept:restricted extra:fixed; do
		a=${pair%:*} b=${pair#*:}
		{ cat "$r/$a.json"; printf '\f'; cat "$r/$b.json"; } \
			> "$c/compare/pair-$a-$b"
	done
	rm -rf "$r"
else
	echo "gen_corpus: no $fwdrift (FWDRIFT=...), compare seeds kept as they are" >&2
fi

# options: argument vectors, NUL-separated.
i=0
while IFS= read -r line; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	printf '%s\0' $line | head -c -1 > "$c/options/args-$i"
done <<'ARGS'
--baseline privilegesecure --role all --feature all --format json
--exposure --input rules.v4 --input - --reader iptables -t 5
--baseline utmstack --format nagios --output /tmp/x -vv -t 0.5
--show-baseline threatmanager --role agent --profile domain
--list-baselines
--list-readers --plugin-dir /tmp
-vVh
--dump-model --input a --input b --format text
--baseline x -w 1 -c 2
--baseline x --warning extra=1 --critical missing=0
--exposure -t 86400 --format xml
--timeout=3 --baseline=x --role=a,b
ARGS
echo "gen_corpus: $(find "$c" -type f | wc -l) seeds"
