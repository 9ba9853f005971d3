/**
 * An app for the permission baseline's CLI tests, synthesized as `cdk synth` would. Usage:
 * `ts-node test/gate/baseline-app.ts <outdir>`, with CHANGE set to one change of the reader's
 * policy (the reader's role lives in a nested stack, so the gate must read nested templates):
 * - unset: s3:GetObject on one object, only through one VPC endpoint (the committed baseline);
 * - `wider-action`: s3:* instead of s3:GetObject;
 * - `dropped-condition`: the VPC endpoint condition dropped;
 * - `narrower`: a second condition added (less access).
 */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

const outdir = process.argv[2];
const change = process.env.CHANGE ?? '';
const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
const stack = new Stack(app, 'Baseline');
const service = new NestedStack(stack, 'Service');
const reader = new iam.Role(service, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

const conditions: Record<string, Record<string, string>> = change === 'dropped-condition' ? {} : { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } };
if (change === 'narrower') {
  conditions.StringEquals['aws:RequestedRegion'] = 'eu-west-1';
}
reader.addToPolicy(new iam.PolicyStatement({
  actions: [change === 'wider-action' ? 's3:*' : 's3:GetObject'],
  resources: ['arn:aws:s3:::reports/2026/summary.json'],
  conditions,
}));

app.synth();
