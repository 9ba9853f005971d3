/**
 * The public acknowledgement API (all three languages): what it records is what cdk-nag v3 reads
 * in the app (the finding disappears from the pack's report) and what the gate reads from the
 * assembly (reason, expiry, ticket; an expired one is an error again).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations as AssertAnnotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Acknowledgements, ComplianceGate, SecureServerlessChecks } from '../../src';
import { withCode } from '../support/failures';
import { nagFindings } from '../support/nag';

const WILDCARD = 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]';
// an id with more than one `::`, which Validations.of(x).acknowledge() rejects
const PARTIAL = 'SecureServerless-IamPolicyNoPartialWildcards[Resource::arn:aws:s3:::bucket/*]';

function app() {
  const outdir = mkdtempSync(join(tmpdir(), 'gate-ack-'));
  const root = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(root, 'Acks');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const policy = new iam.Policy(stack, 'Reader', {
    statements: [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }),
    ],
  });
  policy.attachToRole(role);
  return { root, stack, policy, outdir };
}

test('cdk-nag honours the acknowledgements in the app, ids with several "::" included', () => {
  const { stack, policy } = app();
  const own = () => nagFindings(stack, [new SecureServerlessChecks()]).map((f) => f.rule).sort();
  expect(own()).toEqual([WILDCARD, PARTIAL]);
  Acknowledgements.of(policy).acknowledge(
    { id: WILDCARD, reason: 'GetObject on any bucket of the account, reviewed', expires: '2999-12-31', ticket: 'SEC-7' },
    { id: PARTIAL, reason: 'every object of the bucket' },
  );
  expect(own()).toEqual([]);
});

test('the gate lists each with reason, ticket and expiry; the expired one is an error again, the unused one stale', () => {
  const { root, stack, policy, outdir } = app();
  Acknowledgements.of(policy).acknowledge(
    { id: WILDCARD, reason: 'was temporary', expires: '2021-06-30', ticket: 'SEC-8' },
    { id: PARTIAL, reason: 'every object of the bucket', ticket: 'SEC-9' },
  );
  Acknowledgements.of(stack).acknowledge({ id: 'SecureServerless-KmsKeyRotation', reason: 'no key in this stack' });
  root.synth();

  const report = ComplianceGate.check({ assembly: outdir, packs: ['SecureServerless'] });
  const byId = (id: string) => report.acknowledgements.find((ack) => ack.findingId === id)!;
  expect(byId(WILDCARD)).toEqual({
    stackName: 'Acks',
    constructPath: 'Acks/Reader',
    findingId: WILDCARD,
    reason: 'was temporary',
    used: true,
    expires: '2021-06-30',
    ticket: 'SEC-8',
    expired: true,
  });
  expect(byId(PARTIAL)).toMatchObject({ reason: 'every object of the bucket', ticket: 'SEC-9', expires: undefined, expired: false, used: true });
  expect(byId('SecureServerless-KmsKeyRotation')).toMatchObject({ used: false, constructPath: 'Acks' });

  const open = report.findings.filter((f) => f.acknowledgedReason === undefined);
  expect(open.map((f) => f.findingId)).toEqual([WILDCARD]);
  expect(open[0].message).toContain('Its acknowledgement expired on 2021-06-30 (SEC-8): was temporary');
  expect(report.passed).toBe(false);

  const summary = ComplianceGate.summary(report);
  expect(summary).toContain(`Expired acknowledgements (their findings count again):\n  ${WILDCARD} @ Acks/Reader (Acks) expired 2021-06-30 SEC-8: was temporary`);
  expect(summary).toContain('Stale acknowledgements (they hide no finding):\n  SecureServerless-KmsKeyRotation @ Acks (Acks): no key in this stack');
});

test('synthesis warns about an expired acknowledgement', () => {
  const { stack, policy } = app();
  Acknowledgements.of(policy).acknowledge({ id: WILDCARD, reason: 'was temporary', expires: '2021-06-30', ticket: 'SEC-8' });
  AssertAnnotations.fromStack(stack).hasWarning('/Acks/Reader', Match.stringLikeRegexp('expired on 2021-06-30 \\(SEC-8\\): was temporary'));
});

test('bad terms fail at once with a stable code, naming the construct, the acknowledgement and the fix, and record nothing', () => {
  const { policy } = app();
  const ack = (terms: object) => () => Acknowledgements.of(policy).acknowledge({ id: WILDCARD, reason: 'r', ...terms });
  expect(ack({ expires: '2027-02-30' })).toThrow(withCode('Acknowledgement.InvalidExpiry'));
  expect(ack({ expires: '2027-02-30' })).toThrow(`[Acks/Reader] acknowledgement of ${WILDCARD}: expires '2027-02-30' is not a date. Fix: write the last day it holds as YYYY-MM-DD (UTC)`);
  expect(ack({ ticket: '  ' })).toThrow(withCode('Acknowledgement.EmptyTicket'));
  expect(ack({ reason: ' ' })).toThrow(withCode('Acknowledgement.NoReason'));
  expect(() => Acknowledgements.of(policy).acknowledge({ id: ' ', reason: 'r' })).toThrow(withCode('Acknowledgement.NoId'));
  expect(policy.node.metadata).toEqual([]);
});

test('an acknowledgement in a nested stack hides its finding (the parent\'s artifact records it), once', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'gate-ack-nested-'));
  const root = new App({ outdir });
  const inner = new NestedStack(new Stack(root, 'Outer'), 'Inner');
  const role = new iam.Role(inner, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const policy = new iam.Policy(inner, 'Wide', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
  policy.attachToRole(role);
  Acknowledgements.of(policy).acknowledge({ id: WILDCARD, reason: 'reviewed in the nested stack', ticket: 'SEC-10' });
  root.synth();

  const report = ComplianceGate.check({ assembly: outdir, packs: ['SecureServerless'] });
  expect(report.findings.map((f) => [f.findingId, f.constructPath, f.acknowledgedReason])).toEqual([
    [WILDCARD, 'Outer/Inner/Wide/Resource', 'reviewed in the nested stack'],
  ]);
  expect(report.findings[0].templateFile).toMatch(/OuterInner[0-9A-F]{8}\.nested\.template\.json$/);
  expect(report.acknowledgements).toEqual([expect.objectContaining({ constructPath: 'Outer/Inner/Wide', used: true, ticket: 'SEC-10' })]);
  expect(report.passed).toBe(true);
});
