import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';

/** An IAM policy document of the given statements. */
export function policyDocument(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** A raw `AWS::IAM::Policy` attached to a role by name. */
export function l1Policy(stack: Stack, name: string, document: object): iam.CfnPolicy {
  return new iam.CfnPolicy(stack, name, { policyName: name, policyDocument: document, roles: ['some-role'] });
}

/** A raw `GET` method on the root of its own REST API, with an HTTP proxy integration unless given another. */
export function l1Method(stack: Stack, id: string, props: Partial<apigw.CfnMethodProps>): apigw.CfnMethod {
  const api = new apigw.CfnRestApi(stack, `${id}Api`, { name: id });
  return new apigw.CfnMethod(stack, id, {
    restApiId: api.ref,
    resourceId: api.attrRootResourceId,
    httpMethod: 'GET',
    integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'https://example.com' },
    ...props,
  });
}
