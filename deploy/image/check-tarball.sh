#!/usr/bin/env bash
# Checks target/jib-image.tar without a container runtime: unpacks its layers into a folder, mounts
# /proc there (as a runtime does; the JVM finds its own libraries through /proc/self/exe) and runs
# the image's entrypoint in a chroot: `tokenload --help`, then `tokenload merge --help`. Needs root
# for chroot and mount. It checks the image's files, not a runtime's isolation or networking.
#
#   deploy/image/check-tarball.sh [target/jib-image.tar]
set -euo pipefail
tarball="${1:-target/jib-image.tar}"
[[ -f "$tarball" ]] || { echo "check-tarball.sh: $tarball does not exist; run mvn -Pimage -DskipTests package" >&2; exit 2; }
work="$(mktemp -d)"
root="$work/root"
mkdir -p "$work/image" "$root"
tar -xf "$tarball" -C "$work/image"
for layer in $(jq -r '.[0].Layers[]' "$work/image/manifest.json"); do
  tar -xzf "$work/image/$layer" -C "$root"
done
mkdir -p "$root/proc"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc"; rm -rf "$work"' EXIT
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")")
chroot "$root" "${entrypoint[@]}" --help
chroot "$root" "${entrypoint[@]}" merge --help
echo "check-tarball.sh: the image's Java runtime and tokenload run from its own files"
