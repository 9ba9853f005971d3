#!/usr/bin/env bash
# Java smoke test of the built jar (dist/java, from `npx projen package:java`): installs it into the
# project's Maven repository (.work/m2-repository) and runs the JUnit tests in this folder.
set -euo pipefail
shopt -s extglob
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
repo="$root/.work/m2-repository"
reports="$root/.work/bindings/java-target/surefire-reports"

"$root/test/bindings/check-pinned-versions.sh"
"$here/seed-maven-repository.sh"
jars=("$root"/dist/java/io/github/cdk-secure-serverless/cdk-secure-serverless/*/cdk-secure-serverless-+([0-9.]).jar)
[ -f "${jars[0]}" ] || { echo "no jar in dist/java: run 'npx projen package:java' first" >&2; exit 1; }

mvn() { command mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$repo" "$@"; }
# Every build is version 0.0.0: install this build's jar over the last one.
mvn install:install-file -Dfile="${jars[0]}" -DpomFile="${jars[0]%.jar}.pom"

rm -rf "$reports"
status=0
mvn -f "$here/pom.xml" test || status=$?

# One summary line (Surefire prints none under -q), on a line of its own after Maven's colour resets.
echo
node -e '
  const fs = require("fs"); const dir = process.argv[1];
  let tests = 0, bad = 0, skipped = 0;
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^TEST-.*\.xml$/.test(n)) : []) {
    const head = fs.readFileSync(`${dir}/${f}`, "utf8").match(/<testsuite [^>]*>/)[0];
    const n = (k) => Number((head.match(new RegExp(` ${k}="(\\d+)"`)) || [0, 0])[1]);
    tests += n("tests"); bad += n("failures") + n("errors"); skipped += n("skipped");
  }
  console.log(`java: ${tests - bad - skipped} passed, ${bad} failed, ${skipped} skipped`);
' "$reports"
exit "$status"
