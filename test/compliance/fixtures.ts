import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AuditTrail, EncryptedTable, KeyPerUsePolicy, KeyUse, ScopedFunction } from '../../src';
import { MODES } from '../secure-api/modes';
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

  const functionStack = new Stack(app, 'ScopedFunctionDefaults', { env });
  const functionKeys = keysIn(functionStack);
  const table = new EncryptedTable(functionStack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    keys: functionKeys,
  });
  const reader = new ScopedFunction(functionStack, 'Function', { code, handler: 'index.handler', keys: functionKeys });
  table.grantActions(reader, 'dynamodb:GetItem', 'dynamodb:Query');

  const vpcStack = new Stack(app, 'ScopedFunctionInVpc', { env });
  const vpcKeys = keysIn(vpcStack);
  const vpcTable = new EncryptedTable(vpcStack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    keys: vpcKeys,
  });
  // The platform team's VPC, as most services meet it: imported, not created by the service.
  const vpc = ec2.Vpc.fromVpcAttributes(vpcStack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: [`${REGION}a`, `${REGION}b`],
    isolatedSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
  });
  const inVpc = new ScopedFunction(vpcStack, 'Function', {
    code, handler: 'index.handler', keys: vpcKeys, vpc, gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.DYNAMODB],
  });
  vpcTable.grantActions(inVpc, 'dynamodb:PutItem');

  const trailStack = new Stack(app, 'AuditTrailDefaults', { env });
  const trailKeys = keysIn(trailStack);
  const trail = new AuditTrail(trailStack, 'Audit', { keys: trailKeys });
  trail.addDataEvents(
    new EncryptedTable(trailStack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, keys: trailKeys }),
    new ScopedFunction(trailStack, 'Function', { code, handler: 'index.handler', keys: trailKeys }),
  );

  // SecureApi in each authorization mode but certificate-OU, which the example app covers.
  for (const [mode, build] of Object.entries(MODES)) {
    const apiStack = new Stack(app, `SecureApi${mode.charAt(0).toUpperCase()}${mode.slice(1)}`, { env });
    const apiKeys = keysIn(apiStack);
    const ingest = new ScopedFunction(apiStack, 'Ingest', { code, handler: 'index.handler', keys: apiKeys });
    const query = new ScopedFunction(apiStack, 'Query', { code, handler: 'index.handler', keys: apiKeys });
    build({ stack: apiStack, keys: apiKeys, ingest, query });
  }

  return app;
}

const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
