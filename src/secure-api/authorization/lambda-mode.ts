import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { BoundAuthorization, MethodAuthorization } from './bound-authorization';
import { acknowledgeFinding } from '../../private/acknowledge';
import { InvalidPropError } from '../../private/errors';
import { LambdaAuthorizationOptions } from '../api-authorization';
import { validCacheTtl } from '../route-validation';
import { API_GATEWAY_LIMITS, SECURE_API_DEFAULTS } from '../secure-api-defaults';

/** Identity sources whose value differs between callers: only these may key a shared decision cache. */
const CALLER_SPECIFIC = /^(method\.request\.(header|querystring)\.[^.\s]+|context\.identity\.\S+)$/;
const ANY_SOURCE = /^(method\.request\.(header|querystring)\.[^.\s]+|stageVariables\.[^.\s]+|context\.\S+)$/;
const CONTEXT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Validates identity sources against the cache TTL: with caching on, one must name the caller. */
export function validIdentitySources(scope: Construct, prop: string, sources: string[], ttl: number): string[] {
  for (const source of sources) {
    if (!ANY_SOURCE.test(source)) {
      throw new InvalidPropError(scope, prop, `'${source}' is not a REQUEST authorizer identity source`,
        "use 'method.request.header.<name>', 'method.request.querystring.<name>', 'stageVariables.<name>' or 'context.<variable>'");
    }
  }
  if (ttl > 0 && !sources.some((source) => CALLER_SPECIFIC.test(source))) {
    throw new InvalidPropError(scope, prop,
      'caching is on but no identity source differs between callers, so one caller\'s cached decision would be served to another',
      "add a caller-specific source (e.g. 'method.request.header.Authorization'), or set cacheTtlSeconds to 0");
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
    const sources = validIdentitySources(scope, 'authorization.identitySources', options.identitySources ?? [], ttl);
    this.caller = { principalId: '$context.authorizer.principalId' };
    for (const key of options.contextKeys ?? []) {
      if (!CONTEXT_KEY.test(key) || key === 'principalId') {
        throw new InvalidPropError(scope, 'authorization.contextKeys', `'${key}' is not a usable context key`,
          'use letters, digits and underscores, starting with a letter (principalId is passed already)');
      }
      this.caller[key] = `$context.authorizer.${key}`;
    }
    this.authorizer = new apigw.RequestAuthorizer(scope, 'Authorizer', {
      handler: options.handler,
      identitySources: sources,
      resultsCacheTtl: Duration.seconds(ttl),
    });
  }

  public methodAuthorization(): MethodAuthorization {
    return { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: this.authorizer };
  }

  public acknowledgeMethod(method: apigw.Method): void {
    acknowledgeFinding(method, 'AwsSolutions-COG4',
      'The method is authorized by the Lambda REQUEST authorizer the API owner supplied (ApiAuthorization.lambdaAuthorizer), ' +
      'chosen instead of a Cognito user pool authorizer.');
  }

  public validate(): string[] {
    return [];
  }
}
