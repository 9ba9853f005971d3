/**
 * An app with planted findings for the compliance gate's tests, synthesized as `cdk synth`
 * would (construct paths in the template; stack traces when CDK_DEBUG is set, as with
 * `cdk synth --debug`). Usage: `ts-node test/gate/planted-app.ts <outdir>`.
 *
 * - `Planted/Wide`: a policy allowing s3:* on * (an unacknowledged SecureServerless error);
 * - `Planted/Acked`: the same, acknowledged on the policy's parent construct;
 * - `Planted/Stale`: an acknowledgement of a finding its policy does not have;
 * - `Planted/Expiring`: the same wildcard policy, its Resource finding acknowledged until a past
 *   day, its Action finding until a far future one (the library's public Acknowledgements API);
 * - `Planted/Inner/Nested`: a policy with a `*` resource in a nested stack.
 */
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Acknowledgements } from '../../src';

const outdir = process.argv[2];
const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
const stack = new Stack(app, 'Planted');
const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

const statement = () => new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] });
const wide = new iam.Policy(stack, 'Wide', { statements: [statement()] });
wide.attachToRole(role);

const acked = new iam.Policy(stack, 'Acked', { statements: [statement()] });
acked.attachToRole(role);
Validations.of(acked).acknowledge(
  { id: 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]', reason: 'planted: a reviewed wildcard' },
  { id: 'SecureServerless-IamPolicyNoFullWildcards[Action::s3:*]', reason: 'planted: a reviewed wildcard action' },
);

const stale = new iam.Policy(stack, 'Stale', {
  statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::planted-bucket/report.json'] })],
});
stale.attachToRole(role);
Validations.of(stale).acknowledge({ id: 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]', reason: 'planted: nothing to hide' });

const expiring = new iam.Policy(stack, 'Expiring', { statements: [statement()] });
expiring.attachToRole(role);
Acknowledgements.of(expiring).acknowledge(
  { id: 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]', reason: 'planted: temporary', expires: '2020-01-31', ticket: 'SEC-42' },
  { id: 'SecureServerless-IamPolicyNoFullWildcards[Action::s3:*]', reason: 'planted: until 2999', expires: '2999-12-31', ticket: 'SEC-43' },
);

const inner = new NestedStack(stack, 'Inner');
const innerRole = new iam.Role(inner, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const nested = new iam.Policy(inner, 'Nested', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
nested.attachToRole(innerRole);

app.synth();
