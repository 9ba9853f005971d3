import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RouteKey } from './authorization/bound-authorization';
import { arnPathPattern } from './mapping-format';
import { Failure } from '../private/errors';

/**
 * The longest execute-api ARN a policy may name for one route. An authorizer's policy and an IAM
 * grant name each route as `arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<METHOD><path>`
 * with its path parameters as `*`. API Gateway limits a method's ARN to 1,600 bytes when the method
 * is authorized ("Amazon API Gateway quotas", important notes); the policy resource this library
 * writes is held to 512 characters, so a route's pattern leaves room for the request's own
 * parameter values within that limit.
 */
export const MAX_POLICY_RESOURCE_LENGTH = 512;

/** Longest values of the parts synthesis may not know yet. */
const LONGEST = { partition: 'aws-us-gov'.length, region: 'ap-southeast-5'.length, account: 12, apiId: 10 };

/** One error per route whose policy resource could exceed {@link MAX_POLICY_RESOURCE_LENGTH}. */
export function overlongRoutes(scope: IConstruct, stageName: string, routes: readonly RouteKey[]): Failure[] {
  const stack = Stack.of(scope);
  const known = (value: string, longest: number) => (Token.isUnresolved(value) ? longest : value.length);
  const fixed = 'arn::execute-api:::/'.length + known(stack.partition, LONGEST.partition) + known(stack.region, LONGEST.region) +
    known(stack.account, LONGEST.account) + LONGEST.apiId + known(stageName, 128) + 1;
  return routes
    .map((route) => ({ route, length: fixed + route.method.length + arnPathPattern(route.path).length }))
    .filter(({ length }) => length > MAX_POLICY_RESOURCE_LENGTH)
    .map(({ route, length }) => ({
      code: 'SecureApi.RoutePathTooLong',
      scope,
      prop: 'addRoute path',
      problem: `the execute-api ARN of '${route.method} ${route.path}' can be ${length} characters, ` +
        `over the ${MAX_POLICY_RESOURCE_LENGTH} a policy resource may have`,
      fix: 'shorten the path',
    }));
}
