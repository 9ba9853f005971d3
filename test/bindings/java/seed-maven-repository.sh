#!/usr/bin/env bash
# Makes the project's Maven repository (.work/m2-repository) able to resolve the version range
# that jsii writes for our cdk-nag peer dependency ([3.0.2,4.0.0)).
#
# Maven resolves a range from the repository's version list (maven-metadata.xml), and Maven
# Central's list for io.github.cdklabs:cdknag stops at 2.x, although the 3.x artifacts are there.
# Installing the pinned cdk-nag jar once writes a local list that names it, so both the jsii-pacmak
# Java build and the Java smoke test resolve the range offline afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
repo="$root/.work/m2-repository"
version="$(node -p "require('$root/package.json').devDependencies['cdk-nag']")"
artifact="io.github.cdklabs:cdknag:$version"
installed="$repo/io/github/cdklabs/cdknag/maven-metadata-local.xml"

if [ -f "$installed" ] && grep -q "<version>$version</version>" "$installed"; then
  exit 0
fi

mvn() { command mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$repo" "$@"; }
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mvn dependency:copy -Dartifact="$artifact:pom" -DoutputDirectory="$staging"
mvn dependency:copy -Dartifact="$artifact:jar" -DoutputDirectory="$staging"
mvn install:install-file -Dfile="$staging/cdknag-$version.jar" -DpomFile="$staging/cdknag-$version.pom"
echo "seeded $repo with $artifact"
