/**
 * The gate reads templates, not the app: loading a template back with cloudformation-include must
 * neither lose nor invent findings, and the acknowledgements read from the assembly must hide what
 * cdk-nag hides in the app. The oracle is the packs run on the app's own construct tree.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ComplianceGate } from '../../src';
import { nagFindings } from '../support/nag';

test('the gate on the synthesized assembly reports exactly the unacknowledged findings of the packs on the app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'gate-same-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Mixed', { env: { account: '111111111111', region: 'us-east-1' } });
  new s3.Bucket(stack, 'Plain');
  const queue = new sqs.Queue(stack, 'Queue');
  new kms.Key(stack, 'Key');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  queue.grantSendMessages(role);
  const wide = new iam.Policy(stack, 'Wide', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] });
  wide.attachToRole(role);
  // on an ancestor of the resource, as cdk-nag allows
  Validations.of(wide).acknowledge(
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'reviewed' },
    { id: 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]', reason: 'reviewed' },
  );
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'no dead-letter queue in this test' });
  app.synth();

  const inApp = nagFindings(app, ComplianceGate.nagPacks()).map((f) => `${f.severity} ${f.rule} @ ${f.path}`).sort();
  const report = ComplianceGate.check({ assembly: outdir });
  const gate = report.findings
    .filter((f) => f.acknowledgedReason === undefined)
    .map((f) => `${f.level} ${f.findingId} @ ${f.constructPath}`).sort();

  expect(inApp.length).toBeGreaterThan(10);
  expect(gate).toEqual(inApp);
  expect(report.findings.filter((f) => f.acknowledgedReason !== undefined).map((f) => `${f.findingId} @ ${f.constructPath}`).sort()).toEqual([
    'AwsSolutions-IAM5[Resource::*] @ Mixed/Wide/Resource',
    'AwsSolutions-SQS3 @ Mixed/Queue/Resource',
    'SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Mixed/Wide/Resource',
  ]);
  expect(report.passed).toBe(false);
  expect(report.unacknowledgedErrors).toBe(inApp.filter((line) => line.startsWith('error ')).length);
});
