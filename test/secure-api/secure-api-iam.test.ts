import { Template } from 'aws-cdk-lib/assertions';
import { referenceApi } from './fixtures';
import { IamModel, viaService } from '../support/iam';

/**
 * The certificate-OU authorizer's role, evaluated by a real IAM policy simulator: it may read
 * OU mapping items and decrypt them through DynamoDB, nothing more.
 */
describe("the certificate-OU authorizer's role, in the IAM simulator", () => {
  const { stack } = referenceApi();
  const model = new IamModel(Template.fromStack(stack).toJSON());
  const [role] = model.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('ApiCertificateOuAuthorizerFunctionServiceRole'));
  const mappingTable = model.arnOf(model.logicalIds('AWS::DynamoDB::Table').find((id) => id.startsWith('ApiCertificateOuOuMapping'))!);
  const dataKey = model.logicalIds('AWS::KMS::Key').find((id) => id.startsWith('KeysDataKey'))!;
  const decide = (action: string, resource: string, extra: { key?: string; context?: Record<string, string> } = {}) =>
    model.decide({ role, action, resource, ...extra });

  test('may get a mapping item', async () => {
    expect(await decide('dynamodb:GetItem', mappingTable)).toEqual('Allowed');
  });

  test.each(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem'])(
    'may not %s on the mapping table', async (action) => {
      expect(await decide(action, mappingTable)).not.toEqual('Allowed');
    });

  test('may not read another table', async () => {
    expect(await decide('dynamodb:GetItem', mappingTable.replace(/table\/.*/, 'table/other'))).not.toEqual('Allowed');
  });

  test('may decrypt with the DATA key through DynamoDB only, and never encrypt', async () => {
    const keyArn = model.arnOf(dataKey);
    expect(await decide('kms:Decrypt', keyArn, { key: dataKey, context: viaService('dynamodb') })).toEqual('Allowed');
    expect(await decide('kms:Decrypt', keyArn, { key: dataKey })).not.toEqual('Allowed');
    expect(await decide('kms:Encrypt', keyArn, { key: dataKey, context: viaService('dynamodb') })).not.toEqual('Allowed');
  });
});
