import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { SecureApiProps } from './secure-api-props';
import { InvalidPropError } from '../private/errors';

/** ERROR or INFO; execution logging is never off. */
export function validLoggingLevel(scope: IConstruct, level: apigw.MethodLoggingLevel): apigw.MethodLoggingLevel {
  if (level !== apigw.MethodLoggingLevel.ERROR && level !== apigw.MethodLoggingLevel.INFO) {
    throw new InvalidPropError('SecureApi.ExecutionLoggingOff', scope, 'executionLogLevel', `${level} turns execution logging off`,
      'use apigw.MethodLoggingLevel.ERROR or INFO');
  }
  return level;
}

/** Endpoint and web ACL props that can't go together. */
export function validateNetwork(scope: IConstruct, props: SecureApiProps): void {
  if (props.privateEndpoints && props.domain) {
    throw new InvalidPropError('SecureApi.PrivateApiWithDomain', scope, 'privateEndpoints', 'a PRIVATE API is given a regional custom domain',
      'leave domain out for a private API (mutual TLS needs a regional custom domain), or leave privateEndpoints out');
  }
  if (props.privateEndpoints?.length === 0) {
    throw new InvalidPropError('SecureApi.EmptyPrivateEndpoints', scope, 'privateEndpoints', 'the list is empty, so no endpoint could reach the private API',
      'list the execute-api interface VPC endpoints, or leave the prop out for a regional API');
  }
  if (props.webAclArn && props.unsafeNoWebAclReason) {
    throw new InvalidPropError('SecureApi.WebAclAndNoWebAclReason', scope, 'webAclArn', 'both a web ACL and unsafeNoWebAclReason are given', 'pass only one of them');
  }
}

/** A WAF rate-based rule limit within WAF's bounds. */
export function validWebAclRateLimit(scope: IConstruct, rateLimit: number): number {
  if (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000) {
    throw new InvalidPropError('SecureApi.WebAclRateLimitOutOfRange', scope, 'webAclRateLimit', `${rateLimit} is outside WAF's 10 to 2,000,000,000 requests`,
      'give a whole number of requests per source IP in 5 minutes, from 10');
  }
  return rateLimit;
}
