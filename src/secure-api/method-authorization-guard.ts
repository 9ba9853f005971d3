import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { Failure } from '../private/errors';
import { renderedProperties } from '../private/rendered-properties';

/*
 * No method of a SecureApi's RestApi goes without the API's authorization, however it was added. The check
 * runs at validation, on the finished tree (after every Aspect), over every `AWS::ApiGateway::Method`
 * of the app, L1s included, reading the properties as they will be deployed (overrides applied).
 *
 * AWS::ApiGateway::Method `AuthorizationType`: "The method's authorization type. This parameter is
 * required. ... Valid values are NONE for open access, AWS_IAM for using AWS IAM permissions,
 * CUSTOM for using a custom authorizer, or COGNITO_USER_POOLS for using a Cognito user pool."
 * So `NONE`, a missing value, and a value unknown until deploy (a parameter) all fail. So does an
 * authorization type other than the API's own: outside IAM authorization the resource policy
 * allows any principal (network-policy.ts), so an `AWS_IAM` method there would take SigV4 requests
 * signed in any AWS account, and a Cognito or custom method would bypass the API's authorizer.
 */
const AUTHORIZED_TYPES = ['AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/**
 * The errors for the API's methods, other than those in `unauthenticated`, that have no
 * authorization or another authorization type than `expectedType` (the API's).
 */
export function unauthorizedMethodErrors(api: apigw.RestApi, expectedType: string, unauthenticated: ReadonlySet<IConstruct>): Failure[] {
  return api.node.root.node.findAll()
    .filter((node): node is apigw.CfnMethod => node instanceof apigw.CfnMethod)
    .filter((method) => !unauthenticated.has(method) && isMethodOf(method, api))
    .flatMap((method) => {
      const type = renderedProperties(method).AuthorizationType;
      if (type === expectedType) {
        return [];
      }
      const found = type === undefined ? 'no AuthorizationType' : `AuthorizationType ${JSON.stringify(type)}`;
      const problem = typeof type === 'string' && AUTHORIZED_TYPES.includes(type)
        ? `, not the API's ${expectedType}, so the API's authorization does not decide who calls it`
        : ', so anyone who reaches the API could call it';
      // The L2 method's path when there is one: that is what the user added.
      const where = method.node.scope instanceof apigw.Method ? method.node.scope : method;
      return [{
        code: 'SecureApi.MethodWithoutApiAuthorization',
        scope: where,
        prop: 'AuthorizationType',
        problem: `a method of ${api.node.path} has ${found}${problem}`,
        fix: "add the route with SecureApi.addRoute (or leave the method's authorization to the API's default), " +
          'or, if anyone may call it, with addUnauthenticatedRoute(method, path, handler, { reason })',
      }];
    });
}

function isMethodOf(method: apigw.CfnMethod, api: apigw.RestApi): boolean {
  if (method.restApiId === api.restApiId) {
    return true;
  }
  // A raw override may point a method at the API without the L1 property naming it.
  const restApi = api.node.defaultChild as apigw.CfnRestApi;
  const rendered = renderedProperties(method).RestApiId as { Ref?: unknown } | undefined;
  return Stack.of(method) === Stack.of(api) && rendered?.Ref === Stack.of(api).getLogicalId(restApi);
}
