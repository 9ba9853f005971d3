import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { ThrottleSettings } from './secure-api-props';
import { InvalidPropError } from '../private/errors';

/** The access log group, encrypted with the AUDIT key and retained. */
export function createAccessLogGroup(scope: Construct, key: kms.IKey, retention: logs.RetentionDays): logs.LogGroup {
  return new logs.LogGroup(scope, 'AccessLogs', {
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * One JSON line per request: who (the authorizer's view of the caller and the client
 * certificate), which route, the outcome and the latencies.
 */
export function accessLogFormat(caller: Record<string, string>): apigw.AccessLogFormat {
  return apigw.AccessLogFormat.custom(JSON.stringify({
    requestId: '$context.requestId',
    extendedRequestId: '$context.extendedRequestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    domainName: '$context.domainName',
    httpMethod: '$context.httpMethod',
    resourcePath: '$context.resourcePath',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integration.latency',
    authorizeStatus: '$context.authorize.status',
    authorizerError: '$context.authorizer.error',
    errorMessage: '$context.error.message',
    wafResponseCode: '$context.wafResponseCode',
    clientCertSerial: '$context.identity.clientCert.serialNumber',
    clientCertIssuer: '$context.identity.clientCert.issuerDN',
    caller,
  }));
}

/** `/findings/{orgId}` as a stage method setting's resource path: `/~1findings~1{orgId}`. */
export function methodSettingPath(path: string): string {
  return path === '/' ? '/' : `/~1${path.slice(1).split('/').join('~1')}`;
}

/** A route's own stage settings: its throttling, with the stage's logging repeated (a method setting replaces the stage's). */
export function routeMethodSetting(
  method: string, path: string, throttle: ThrottleSettings, loggingLevel: apigw.MethodLoggingLevel,
): apigw.CfnStage.MethodSettingProperty {
  return {
    httpMethod: method,
    resourcePath: methodSettingPath(path),
    throttlingRateLimit: throttle.rateLimit,
    throttlingBurstLimit: throttle.burstLimit,
    loggingLevel,
    dataTraceEnabled: false,
    metricsEnabled: true,
  };
}

/** Throttle limits, or an error when they are negative or not numbers. */
export function validThrottle(scope: IConstruct, prop: string, throttle: ThrottleSettings): ThrottleSettings {
  const { rateLimit, burstLimit } = throttle;
  if (!(rateLimit >= 0) || !Number.isInteger(burstLimit) || burstLimit < 0) {
    throw new InvalidPropError('SecureApi.InvalidThrottle', scope, prop, `rateLimit ${rateLimit} / burstLimit ${burstLimit} are not valid limits`,
      'give a rateLimit of 0 or more requests per second and a whole burstLimit of 0 or more');
  }
  return throttle;
}
