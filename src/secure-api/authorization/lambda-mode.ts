import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { authorizerCacheTtl, requestAuthorizer, validIdentitySources } from './authorizer-cache';
import { BoundAuthorization } from './bound-authorization';
import { InvalidPropError } from '../../private/errors';
import { LambdaAuthorizationOptions } from '../api-authorization-options';

const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Your own REQUEST authorizer on every method, its decisions cached under the identity sources you give. */
export function bindLambdaAuthorizer(scope: Construct, options: LambdaAuthorizationOptions): BoundAuthorization {
  const ttlSeconds = authorizerCacheTtl(scope, options.cacheTtlSeconds);
  const keyWithoutCredentialReason = options.unsafeCacheKeyWithoutCredentialReason;
  const identitySources = validIdentitySources(scope, 'authorization.identitySources', options.identitySources ?? [], ttlSeconds, keyWithoutCredentialReason);
  const caller: Record<string, string> = { principalId: '$context.authorizer.principalId' };
  for (const key of options.contextKeys ?? []) {
    if (!CONTEXT_KEY.test(key) || key === 'principalId') {
      throw new InvalidPropError('SecureApi.InvalidContextKey', scope, 'authorization.contextKeys', `'${key}' is not a usable context key`,
        'use letters, digits and underscores, starting with a letter (principalId is passed already)');
    }
    caller[key] = `$context.authorizer.${key}`;
  }
  const authorizer = requestAuthorizer(scope, options.handler, { identitySources, ttlSeconds, keyWithoutCredentialReason });
  return {
    caller,
    methodAuthorization: { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer },
    withoutCognitoReason: 'The method is authorized by the Lambda REQUEST authorizer the API owner supplied ' +
      '(ApiAuthorization.lambdaAuthorizer), chosen instead of a Cognito user pool authorizer.',
  };
}
