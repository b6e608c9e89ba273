#!/usr/bin/env bash
# The file tree the container image adds to an empty (scratch) base, made from this machine alone:
# a Java runtime cut by jlink from the JDK that runs the build, and the C libraries it links
# (glibc, libstdc++, zlib), copied from this machine. No base image is pulled from a registry.
# Called by `mvn -Pimage package` (pom.xml), before Jib packs the tree into target/jib-image.tar.
#
#   deploy/image/jre-root.sh OUTPUT_DIR
set -euo pipefail
out="${1:?usage: deploy/image/jre-root.sh OUTPUT_DIR}"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[[ -x "$jdk/bin/jlink" && -d "$jdk/jmods" ]] \
  || { echo "jre-root.sh: $jdk has no jlink and jmods; set JAVA_HOME to a full JDK 17" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp"
# `jdeps --recursive --print-module-deps` over the runtime class path names java.base,
# java.compiler, java.desktop, java.naming, java.net.http, java.prefs, java.sql, jdk.jfr,
# jdk.management and jdk.unsupported; the others are reached by reflection or service loading
# (Logback's XML configuration, TLS cipher providers, JMX).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management
modules+=,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml
modules+=,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs
"$jdk/bin/jlink" --output "$out/opt/java" --strip-debug --no-header-files --no-man-pages \
  --add-modules "$modules"

# Every shared library the runtime's binaries load, with the dynamic loader, at the same paths.
find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' \
  | grep -v "^$out" \
  | sort -u \
  | while read -r lib; do
      real="$(readlink -f "$lib")"
      mkdir -p "$out$(dirname "$lib")"
      cp "$real" "$out$lib"
    done
# The loader as the kernel looks for it (the PT_INTERP path of every binary).
if [[ ! -e "$out/lib64/ld-linux-x86-64.so.2" ]]; then
  mkdir -p "$out/lib64"
  cp "$(readlink -f /lib64/ld-linux-x86-64.so.2)" "$out/lib64/ld-linux-x86-64.so.2"
fi
echo "jre-root.sh: $(du -sh "$out" | cut -f1) in $out"
