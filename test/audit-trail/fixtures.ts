import { Annotations, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AuditTrail, AuditTrailProps, EncryptedTable, KeyPerUsePolicy, ScopedFunction } from '../../src';
import { ACCOUNT } from '../support/cfn-resolve';
import { testStack } from '../support/stacks';

export const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** The stack's KeyPerUsePolicy, created on first use. */
export function keysOf(stack: Stack): KeyPerUsePolicy {
  const existing = stack.node.tryFindChild('Keys') as KeyPerUsePolicy | undefined;
  if (existing) {
    return existing;
  }
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleArn(stack, 'Admins', `arn:aws:iam::${ACCOUNT}:role/security-key-admins`)] });
  // The trail's tests pin the trail's own warnings; the keys' deployer warning is proven in test/key-per-use-policy.
  Annotations.of(keys).acknowledgeWarning('cdk-secure-serverless:KeyPerUsePolicy.sharedBootstrapDeployer', 'test stacks are synthesized, never deployed');
  return keys;
}

/** An AuditTrail on the stack's keys. */
export function trailIn(stack: Stack, props: Partial<AuditTrailProps> = {}, id = 'Audit'): AuditTrail {
  return new AuditTrail(stack, id, { keys: keysOf(stack), ...props });
}

/** A fresh stack with an AuditTrail on its keys. */
export function defaultTrail(props: Partial<AuditTrailProps> = {}): { stack: Stack; trail: AuditTrail } {
  const stack = testStack();
  return { stack, trail: trailIn(stack, props) };
}

export function encryptedTable(stack: Stack, id = 'Findings'): EncryptedTable {
  return new EncryptedTable(stack, id, {
    partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
    keys: keysOf(stack),
  });
}

export function scopedFunction(stack: Stack, id = 'Ingest'): ScopedFunction {
  return new ScopedFunction(stack, id, { code: CODE, handler: 'index.handler', keys: keysOf(stack) });
}

/** The trail's advanced event selectors, as synthesized. */
export function selectorsOf(stack: Stack): any[] {
  const trails = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'));
  return trails[0].Properties.AdvancedEventSelectors;
}
