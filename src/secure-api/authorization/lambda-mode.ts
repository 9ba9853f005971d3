import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { BoundAuthorization, MethodAuthorization } from './bound-authorization';
import { acknowledgeFinding } from '../../private/acknowledge';
import { Failure, InvalidPropError, requireProp } from '../../private/errors';
import { credentialSources, CREDENTIAL_SOURCES_HELP, isIdentitySource } from '../../private/identity-sources';
import { LambdaAuthorizationOptions } from '../api-authorization';
import { validCacheTtl } from '../route-validation';
import { API_GATEWAY_LIMITS, SECURE_API_DEFAULTS } from '../secure-api-defaults';

const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const CACHE_KEY_RULE = 'SecureServerless-ApiGwAuthorizerCacheKey';
const REASON_PROP = 'authorization.unsafeCacheKeyWithoutCredentialReason';

/**
 * Validates identity sources against the cache TTL: with caching on, the cache key must carry a
 * caller's credential (`src/private/identity-sources.ts`), unless the owner gave a reason.
 */
export function validIdentitySources(scope: Construct, prop: string, sources: string[], ttl: number, weakeningReason?: string): string[] {
  for (const source of sources) {
    if (!isIdentitySource(source)) {
      throw new InvalidPropError('SecureApi.InvalidIdentitySource', scope, prop, `'${source}' is not a REQUEST authorizer identity source`,
        "use 'method.request.header.<name>', 'method.request.querystring.<name>', 'stageVariables.<name>' or 'context.<variable>'");
    }
  }
  if (ttl > 0 && sources.length === 0) {
    throw new InvalidPropError('SecureApi.CachingWithoutIdentitySources', scope, prop, 'caching is on but no identity sources are given, and API Gateway needs a cache key',
      `add ${CREDENTIAL_SOURCES_HELP}; or set cacheTtlSeconds to 0`);
  }
  const withoutCredential = ttl > 0 && credentialSources(sources).length === 0;
  if (weakeningReason !== undefined) {
    requireProp('SecureApi.EmptySharedCacheReason', weakeningReason.trim().length > 0, scope, REASON_PROP, 'the reason is empty',
      'say why one caller\'s cached decision may be served to every caller with the same key');
    requireProp('SecureApi.NeedlessSharedCacheReason', withoutCredential, scope, REASON_PROP, 'a reason is given, but the cache key already carries a credential or caching is off',
      'leave the prop out');
  } else if (withoutCredential) {
    throw new InvalidPropError('SecureApi.CachingWithoutCredential', scope, prop,
      `caching is on but no identity source carries a caller's credential (${sources.join(', ')}), so one caller's cached decision would be served to others`,
      `add ${CREDENTIAL_SOURCES_HELP}; or set cacheTtlSeconds to 0; or give unsafeCacheKeyWithoutCredentialReason`);
  }
  return sources;
}

/** Your own REQUEST authorizer. */
export class LambdaMode implements BoundAuthorization {
  public readonly caller: Record<string, string>;
  private readonly authorizer: apigw.RequestAuthorizer;

  constructor(scope: Construct, options: LambdaAuthorizationOptions) {
    const ttl = validCacheTtl(scope, 'authorization.cacheTtlSeconds',
      options.cacheTtlSeconds ?? SECURE_API_DEFAULTS.authorizerCacheTtlSeconds, API_GATEWAY_LIMITS.maxAuthorizerCacheTtlSeconds);
    const reason = options.unsafeCacheKeyWithoutCredentialReason;
    const sources = validIdentitySources(scope, 'authorization.identitySources', options.identitySources ?? [], ttl, reason);
    this.caller = { principalId: '$context.authorizer.principalId' };
    for (const key of options.contextKeys ?? []) {
      if (!CONTEXT_KEY.test(key) || key === 'principalId') {
        throw new InvalidPropError('SecureApi.InvalidContextKey', scope, 'authorization.contextKeys', `'${key}' is not a usable context key`,
          'use letters, digits and underscores, starting with a letter (principalId is passed already)');
      }
      this.caller[key] = `$context.authorizer.${key}`;
    }
    this.authorizer = new apigw.RequestAuthorizer(scope, 'Authorizer', {
      handler: options.handler,
      identitySources: sources,
      resultsCacheTtl: Duration.seconds(ttl),
    });
    if (reason !== undefined) {
      acknowledgeFinding(this.authorizer, CACHE_KEY_RULE, `Cache key without a caller credential (unsafeCacheKeyWithoutCredentialReason): ${reason}`);
    }
  }

  public methodAuthorization(): MethodAuthorization {
    return { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: this.authorizer };
  }

  public defaultMethodAuthorization(): MethodAuthorization {
    return this.methodAuthorization();
  }

  public acknowledgeMethod(method: apigw.Method): void {
    acknowledgeFinding(method, 'AwsSolutions-COG4',
      'The method is authorized by the Lambda REQUEST authorizer the API owner supplied (ApiAuthorization.lambdaAuthorizer), ' +
      'chosen instead of a Cognito user pool authorizer.');
  }

  public validate(): Failure[] {
    return [];
  }
}
