/**
 * Hand-hardened (c): the REST API with a certificate-OU REQUEST authorizer (mapping table seeded by
 * a custom resource), mTLS custom domain with the default endpoint off, source-IP resource policy,
 * WAF with logging, validation, throttling, encrypted access logs and X-Ray.
 */
import { join } from 'node:path';
import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { grantTable, hardenedFunction, HardenedFunction } from './functions';
import { HardenedKeys } from './keys';
import { hardenedTable } from './tables';

const AUTHORIZER_ASSET = join(__dirname, '..', '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda');
const ALLOWED_CIDR = '203.0.113.0/24';
const SEED_WRITER = [
  "const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');",
  'const db = new DynamoDBClient({});',
  'exports.handler = async (event) => {',
  "  if (event.RequestType !== 'Delete') {",
  '    for (const item of JSON.parse(event.ResourceProperties.Items)) {',
  '      await db.send(new PutItemCommand({ TableName: event.ResourceProperties.TableName, Item: item }));',
  '    }',
  '  }',
  "  return { PhysicalResourceId: 'ou-mapping' };",
  '};',
].join('\n');

export interface HardenedApi {
  readonly api: apigw.RestApi;
  readonly authorizer: HardenedFunction;
  readonly writer: HardenedFunction;
  readonly mappingTableArn: string;
}

export function hardenedApi(stack: Stack, keys: HardenedKeys, ingest: lambda.IFunction, query: lambda.IFunction): HardenedApi {
  const mapping = hardenedTable(stack, 'OuMapping', keys.data, 'ou');
  const authorizer = hardenedFunction(stack, 'Authorizer', keys, {
    code: lambda.Code.fromAsset(AUTHORIZER_ASSET),
    environment: { MAPPING_TABLE_NAME: mapping.tableName, MAPPING_CACHE_TTL_SECONDS: '300' },
  });
  grantTable(authorizer, mapping.tableArn, keys.data.keyArn, ['dynamodb:GetItem'], ['kms:Decrypt']);
  const writer = hardenedFunction(stack, 'MappingWriter', keys, { code: lambda.Code.fromInline(SEED_WRITER) });
  grantTable(writer, mapping.tableArn, keys.data.keyArn, ['dynamodb:PutItem'], ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt']);
  new CustomResource(stack, 'MappingSeed', {
    serviceToken: writer.fn.functionArn,
    resourceType: 'Custom::OuMapping',
    properties: {
      TableName: mapping.tableName,
      Items: JSON.stringify([
        { ou: { S: 'scanners' }, routes: { L: [{ S: 'POST /findings' }] } },
        { ou: { S: 'customers-acme' }, routes: { L: [{ S: 'GET /findings/{orgId}' }] }, orgId: { S: 'acme' } },
      ]),
    },
  });

  const accessLogs = new logs.LogGroup(stack, 'ApiAccessLogs', { encryptionKey: keys.audit, retention: logs.RetentionDays.ONE_YEAR });
  const clientCertificate = new apigw.CfnClientCertificate(stack, 'ApiBackendCertificate', { description: 'Presented to HTTP backends' });
  const api = new apigw.RestApi(stack, 'Api', {
    endpointTypes: [apigw.EndpointType.REGIONAL],
    disableExecuteApiEndpoint: true,
    cloudWatchRole: false,
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ actions: ['execute-api:Invoke'], principals: [new iam.AnyPrincipal()], resources: ['execute-api:/*'] }),
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['execute-api:Invoke'],
          principals: [new iam.AnyPrincipal()],
          resources: ['execute-api:/*'],
          conditions: { NotIpAddress: { 'aws:SourceIp': [ALLOWED_CIDR] } },
        }),
      ],
    }),
    deployOptions: {
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      metricsEnabled: true,
      tracingEnabled: true,
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      clientCertificateId: clientCertificate.ref,
    },
  });
  api.addDomainName('Domain', {
    domainName: 'findings.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
      'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
    securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'findings-truststore'), key: 'truststore.pem' },
  });
  for (const type of [
    apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX, apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    apigw.ResponseType.ACCESS_DENIED, apigw.ResponseType.AUTHORIZER_FAILURE,
    apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, apigw.ResponseType.WAF_FILTERED,
  ]) {
    api.addGatewayResponse(type.responseType, { type, templates: { 'application/json': '{"message":"$context.error.messageString"}' } });
  }

  const requestAuthorizer = new apigw.RequestAuthorizer(stack, 'CertificateOuAuthorizer', {
    handler: authorizer.fn,
    identitySources: ['issuerDN', 'serialNumber', 'subjectDN'].map((field) => apigw.IdentitySource.context(`identity.clientCert.${field}`)),
    resultsCacheTtl: Duration.seconds(300),
  });
  const validator = api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
  const model = api.addModel('FindingModel', {
    contentType: 'application/json',
    schema: {
      type: apigw.JsonSchemaType.OBJECT,
      required: ['orgId', 'findingId', 'severity'],
      additionalProperties: false,
      properties: {
        orgId: { type: apigw.JsonSchemaType.STRING, maxLength: 64 },
        findingId: { type: apigw.JsonSchemaType.STRING, maxLength: 128 },
        severity: { type: apigw.JsonSchemaType.STRING, enum: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
        title: { type: apigw.JsonSchemaType.STRING, maxLength: 512 },
      },
    },
  });
  const methodOptions: apigw.MethodOptions = { authorizer: requestAuthorizer, requestValidator: validator };
  const findings = api.root.addResource('findings');
  findings.addMethod('POST', new apigw.LambdaIntegration(ingest, { passthroughBehavior: apigw.PassthroughBehavior.NEVER }), {
    ...methodOptions,
    requestModels: { 'application/json': model },
  });
  findings.addResource('{orgId}').addMethod('GET', new apigw.LambdaIntegration(query, { passthroughBehavior: apigw.PassthroughBehavior.NEVER }), {
    ...methodOptions,
    requestParameters: { 'method.request.path.orgId': true },
  });

  webAcl(stack, keys, api);
  return { api, authorizer, writer, mappingTableArn: mapping.tableArn };
}

function webAcl(stack: Stack, keys: HardenedKeys, api: apigw.RestApi): void {
  const allowed = new wafv2.CfnIPSet(stack, 'AllowedIps', { addresses: [ALLOWED_CIDR], ipAddressVersion: 'IPV4', scope: 'REGIONAL' });
  const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
  const acl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    defaultAction: { allow: {} },
    scope: 'REGIONAL',
    visibilityConfig: visibility('FindingsApi'),
    rules: [
      {
        name: 'BlockOutsideAllowedSourceCidrs',
        priority: 0,
        action: { block: {} },
        statement: { notStatement: { statement: { ipSetReferenceStatement: { arn: allowed.attrArn } } } },
        visibilityConfig: visibility('BlockOutsideAllowedSourceCidrs'),
      },
      ...['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, i) => ({
        name,
        priority: i + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      })),
    ],
  });
  const wafLogs = new logs.LogGroup(stack, 'WebAclLogs', {
    logGroupName: 'aws-waf-logs-findings-api',
    encryptionKey: keys.audit,
    retention: logs.RetentionDays.ONE_YEAR,
  });
  new wafv2.CfnLoggingConfiguration(stack, 'WebAclLogging', {
    resourceArn: acl.attrArn,
    logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
  });
  new wafv2.CfnWebACLAssociation(stack, 'WebAclAssociation', { resourceArn: api.deploymentStage.stageArn, webAclArn: acl.attrArn });
}
