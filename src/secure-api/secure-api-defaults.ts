import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';

/** The prescriptive settings `SecureApi` applies unless told otherwise. */
export const SECURE_API_DEFAULTS = {
  stageName: 'prod',
  /** Stage-wide steady rate (requests per second) and burst. */
  throttle: { rateLimit: 100, burstLimit: 200 },
  /** How long API Gateway caches a Lambda authorizer's decision. */
  authorizerCacheTtlSeconds: 300,
  accessLogRetention: logs.RetentionDays.ONE_YEAR,
  /** Errors only: INFO also logs each request's headers and authorizer output in a log group this construct doesn't encrypt. */
  executionLogLevel: apigw.MethodLoggingLevel.ERROR,
  contentTypes: ['application/json'],
  /** Requests per IP address in any 5 minutes before the web ACL blocks it. */
  webAclRateLimit: 2000,
  securityPolicy: apigw.SecurityPolicy.TLS_1_2,
  cognitoResourceServerIdentifier: 'api',
};

/** API Gateway's own bounds. */
export const API_GATEWAY_LIMITS = {
  maxAuthorizerCacheTtlSeconds: 3600,
};

/** Status codes the integrations may set (each is a declared method response). */
export const ROUTE_STATUS_CODES = ['200', '201', '202', '204', '400', '401', '403', '404', '409', '415', '422', '429', '500'];

/** Headers every integration response carries. */
export const SECURITY_RESPONSE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
};
