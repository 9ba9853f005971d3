#!/usr/bin/env bash
# Fails when the CDK versions pinned for the binding smoke tests drift from package.json's
# devDependencies (aws-cdk-lib, constructs, cdk-nag), so every language tests the same CDK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
drift=0
for package in aws-cdk-lib constructs cdk-nag; do
  version="$(node -p "require('$root/package.json').devDependencies['$package']")"
  if ! grep -qx "$package==$version" "$here/python/requirements.txt"; then
    echo "test/bindings/python/requirements.txt: pin $package==$version (package.json)" >&2
    drift=1
  fi
  property="$(echo "$package" | tr -d -).version"
  if ! grep -q "<$property>$version</$property>" "$here/java/pom.xml"; then
    echo "test/bindings/java/pom.xml: set <$property>$version</$property> (package.json)" >&2
    drift=1
  fi
done
exit "$drift"
