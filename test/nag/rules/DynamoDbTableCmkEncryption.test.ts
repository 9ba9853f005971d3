import { App, CustomResource } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'DynamoDbTableCmkEncryption';
const keySchema = [{ attributeName: 'pk', keyType: 'HASH' }];
const attributeDefinitions = [{ attributeName: 'pk', attributeType: 'S' }];
const partitionKey = { name: 'pk', type: ddb.AttributeType.STRING };

describe(RULE, () => {
  test('Noncompliance 1: L1 tables with no SSE, the AWS managed key, or SSE disabled', () => {
    const stack = newStack();
    new ddb.CfnTable(stack, 'NoSse', { keySchema, attributeDefinitions });
    new ddb.CfnTable(stack, 'AwsManaged', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: true, sseType: 'KMS' } });
    new ddb.CfnTable(stack, 'AwsAlias', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'alias/aws/dynamodb' } });
    new ddb.CfnTable(stack, 'Disabled', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: false } });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsAlias', 'Stack/AwsManaged', 'Stack/Disabled', 'Stack/NoSse']);
  });

  test('Noncompliance 2: L2 Table and TableV2 with default or AWS managed encryption', () => {
    const stack = newStack();
    new ddb.Table(stack, 'Default', { partitionKey });
    new ddb.Table(stack, 'AwsManaged', { partitionKey, encryption: ddb.TableEncryption.AWS_MANAGED });
    new ddb.TableV2(stack, 'GlobalDefault', { partitionKey });
    new ddb.TableV2(stack, 'GlobalAwsManaged', { partitionKey, encryption: ddb.TableEncryptionV2.awsManagedKey() });
    expect(flaggedPaths(stack, RULE)).toEqual([
      'Stack/AwsManaged/Resource', 'Stack/Default/Resource', 'Stack/GlobalAwsManaged/Resource', 'Stack/GlobalDefault/Resource',
    ]);
  });

  test('Noncompliance 3: keys from a parameter or a custom resource could not be validated', () => {
    const stack = newStack('Params');
    new ddb.CfnTable(stack, 'Param', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: true, kmsMasterKeyId: parameter(stack, 'KeyArn').valueAsString } });
    expect(descriptionsOf(stack, RULE)).toEqual([expect.stringMatching(/SSESpecification.KMSMasterKeyId could not be validated: it comes from the template parameter Params\/KeyArn/)]);

    const custom = newStack('Custom');
    const keyMaker = new CustomResource(custom, 'KeyMaker', { serviceToken: 'arn:aws:lambda:us-east-1:111111111111:function:make-key' });
    new ddb.CfnTable(custom, 'FromCustom', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: true, kmsMasterKeyId: keyMaker.getAttString('KeyArn') } });
    expect(descriptionsOf(custom, RULE)).toEqual([expect.stringMatching(/could not be validated: it comes from AWS::CloudFormation::CustomResource Custom\/KeyMaker\/Default, not from a KMS key/)]);
  });

  test('Compliance: keys of the app (same or other stack), key ARNs, customer aliases, global tables', () => {
    const app = new App();
    const stack = newStack('Stack', app);
    const key = new kms.Key(stack, 'Key');
    new ddb.Table(stack, 'L2', { partitionKey, encryption: ddb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
    new ddb.TableV2(stack, 'Global', { partitionKey, encryption: ddb.TableEncryptionV2.customerManagedKey(key) });
    new ddb.CfnTable(stack, 'KeyArn', {
      keySchema,
      attributeDefinitions,
      sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555' },
    });
    new ddb.CfnTable(stack, 'Alias', { keySchema, attributeDefinitions, sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'alias/orders' } });
    const other = newStack('Other', app);
    new ddb.Table(other, 'CrossStack', { partitionKey, encryption: ddb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
    expect(findingsOf(app, RULE)).toEqual([]);
  });
});
