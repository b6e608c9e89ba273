#!/usr/bin/env bash
# Installs tools/jmh-maven-plugin into the local Maven repository when it is missing there or its
# sources changed since, so `mvn jmh:run` works after the README's `mvn test` with no extra step.
# Maven finds a plugin prefix (jmh) only in plugins it can resolve, and this one is on no remote
# repository: the main build calls this script in its generate-test-sources phase.
#
#   install-if-changed.sh MAVEN_HOME LOCAL_REPOSITORY VERSION offline=true|false
set -euo pipefail
maven_home="$1" repo="$2" version="$3" offline="$4"
here="$(cd "$(dirname "$0")" && pwd)"
jar="$repo/io/tokenload/jmh-maven-plugin/$version/jmh-maven-plugin-$version.jar"
if [[ -f "$jar" && -z "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit)" ]]; then
  exit 0
fi
echo "tokenload: installing tools/jmh-maven-plugin $version into $repo (for mvn jmh:run)" >&2
flags=(-B -q -ntp -Dstyle.color=never -DskipTests "-Dmaven.repo.local=$repo")
[[ "$offline" != offline=true ]] || flags+=(-o)
"$maven_home/bin/mvn" "${flags[@]}" -f "$here/pom.xml" install
touch "$jar" # a reinstall of unchanged sources keeps the old time, which would reinstall every build
