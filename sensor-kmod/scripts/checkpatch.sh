#!/usr/bin/env bash
# make checkpatch: the kernel's scripts/checkpatch.pl over the module's own sources (src/, include/).
# checkpatch is not in Debian's header packages; unless CHECKPATCH names one, it is taken once from Debian's
# linux-source package (downloaded with apt-get, not installed) into build/checkpatch/.
# Two kinds of reports are expected and skipped, each for a reason:
#  - LINUX_VERSION_CODE / CONSTANT_COMPARISON: an out-of-tree module built for 6.1 and 6.12 needs version guards;
#  - anything on the '#define' line of an X-macro over the syscall table (the designated initialisers
#    "[id] = ..." and the table macro itself), which checkpatch takes for ordinary expressions.
# Anything else fails the target.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="${CHECKPATCH:-$src/build/checkpatch/scripts/checkpatch.pl}"
if [[ ! -f "$cp" ]]; then
  pkg=$(apt-cache search --names-only '^linux-source-[0-9.]+$' | awk '{print $1}' | sort -V | tail -1)
  # No package source is no style verdict, not a style failure: say so and let the tests go on.
  [[ -n "$pkg" ]] || { echo "checkpatch: SKIPPED: no linux-source package known to apt (run apt-get update?)" >&2; exit 0; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "checkpatch: fetching scripts/checkpatch.pl from $pkg ..." >&2
  if ! (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1 && dpkg -x ./*.deb x); then
    echo "checkpatch: SKIPPED: cannot download $pkg" >&2
    exit 0
  fi
  tarball=$(ls "$tmp"/x/usr/src/linux-source-*.tar.xz)
  top=$(basename "$tarball" .tar.xz)
  tar -xJf "$tarball" -C "$tmp" "$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" "$top/scripts/const_structs.checkpatch"
  mkdir -p "$src/build/checkpatch"
  rm -rf "$src/build/checkpatch/scripts"
  mv "$tmp/$top/scripts" "$src/build/checkpatch/scripts"
fi
cd "$src"
report=$(perl "$cp" --no-tree --terse --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f src/*.c src/*.h include/*.h || true)
left=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == total:* ]] && continue
  file=${line%%:*}
  rest=${line#*:}
  n=${rest%%:*}
  if sed -n "${n}p" "$file" | grep -qE '^#define [A-Z0-9_]+\((X|name, id, fam)\)'; then
    continue
  fi
  echo "$line"
  left=$((left + 1))
done <<< "$report"
if (( left > 0 )); then
  echo "checkpatch: $left report(s) beyond the expected ones" >&2
  exit 1
fi
echo "checkpatch: clean (version guards and X-macro table lines skipped, see scripts/checkpatch.sh)"
