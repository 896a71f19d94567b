#!/bin/bash
# gen_fixtures.sh — regenerate the parser fixtures in cases/ from the rule
# sources in rules/, as real iptables-legacy-save / ip6tables-legacy-save
# output. Needs root; everything happens inside a throw-away network
# namespace (unshare -n), never on the host's firewall.
#
#   sudo tests/iptables/gen_fixtures.sh
#
# Then regenerate the goldens (FWDRIFT_REGEN=1 meson test iptables-golden)
# and review the diff.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ "$(id -u)" = 0 ] || { echo "gen_fixtures.sh: needs root" >&2; exit 1; }

save() { # family rules-file out-file [restore -c] [save -c]
	local fam=$1 src=$2 out=$3 rc=${4:-} sc=${5:-} r s
	if [ "$fam" = 4 ]; then r=iptables-legacy-restore s=iptables-legacy-save
	else r=ip6tables-legacy-restore s=ip6tables-legacy-save; fi
	unshare -n bash -c "$r $rc < '$src' && $s $sc" > "$out"
}

for src in rules/*.rules4 rules/*.rules6; do
	name=$(basename "$src"); base=${name%.rules?}; fam=${name##*.rules}
	save "$fam" "$src" "cases/$base.v$fam"
done
# Counters: give every rule and policy non-zero counters, restore with -c,
# save with -c.
sed -E -e 's/^-A /[12:3456] -A /' -e 's/^(:[A-Z]+ (ACCEPT|DROP)) \[0:0\]/\1 [99:12345]/' \
	rules/basic.rules4 > /tmp/fwdrift-counters.$$
save 4 /tmp/fwdrift-counters.$$ cases/basic-counters.v4 -c -c
sed -E -e 's/^-A /[5:600] -A /' rules/basic.rules6 > /tmp/fwdrift-counters.$$
save 6 /tmp/fwdrift-counters.$$ cases/basic-counters.v6 -c -c
rm -f /tmp/fwdrift-counters.$$
# Both families in one file, as "iptables-save; ip6tables-save" writes it,
# and the same without the header comments (family from the rules).
cat cases/basic.v4 cases/basic.v6 > cases/basic-both.save
cat cases/ufw.v4 cases/ufw.v6 | grep -v '^#' > cases/ufw-noheader.save
