import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EncryptedTable, KeyPerUsePolicy, KeyUse } from '../../src';
import { ACCOUNT, REGION } from '../support/cfn-resolve';

/**
 * Each construct in its default configuration, one stack each: the templates the compliance
 * gate (cfn-lint, checkov) scans beside the example app's.
 */
export function fixtureApp(outdir: string): App {
  const app = new App({ outdir });
  const env = { account: ACCOUNT, region: REGION };
  const keysIn = (stack: Stack) =>
    new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'security-key-admins')] });

  const keyStack = new Stack(app, 'KeyPerUsePolicyDefaults', { env });
  const keys = keysIn(keyStack);
  for (const use of [KeyUse.DATA, KeyUse.MESSAGING, KeyUse.AUDIT]) {
    keys.keyFor(use);
  }

  const tableStack = new Stack(app, 'EncryptedTableDefaults', { env });
  new EncryptedTable(tableStack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    keys: keysIn(tableStack),
  });

  return app;
}
