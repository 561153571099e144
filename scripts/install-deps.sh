#!/usr/bin/env bash
# Installs what the build and the test suite need on a fresh Debian 12 machine. Idempotent: a no-op
# (a few dpkg queries) when everything is present. Needs root or sudo only when something is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
for pkg in openjdk-17-jdk-headless maven make gcc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The kernel module's guest tests: kernel images and headers, qemu, busybox.
if [[ -x "$root/sensor-kmod/scripts/install-deps.sh" ]]; then
  "$root/sensor-kmod/scripts/install-deps.sh"
fi
