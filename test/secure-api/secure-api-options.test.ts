import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Fixture, fixture, mtlsDomain } from './fixtures';
import { ApiAuthorization, SecureApi, SecureApiProps } from '../../src/secure-api';
import { withCode } from '../support/failures';
import { acknowledgementReasons, nagErrors } from '../support/nag';

function iamApi(f: Fixture, props: Partial<SecureApiProps> = {}): SecureApi {
  const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam(), ...props });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  return api;
}

const resources = (f: Fixture, type: string) => Object.values<any>(Template.fromStack(f.stack).findResources(type));

describe('a PRIVATE API', () => {
  const f = fixture();
  const vpc = new ec2.Vpc(f.stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
  iamApi(f, { privateEndpoints: [endpoint], allowedSourceCidrs: ['10.0.0.0/16'] });
  const template = Template.fromStack(f.stack);

  test('is bound to the given VPC endpoints and denies requests from any other', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [{ Ref: Match.stringLikeRegexp('^VpcExecuteApi') }] },
      DisableExecuteApiEndpoint: false,
      Policy: {
        Statement: Match.arrayWith([
          // Through a VPC endpoint the caller's address is aws:VpcSourceIp.
          Match.objectLike({ Sid: 'DenyOutsideAllowedSourceCidrs', Condition: { NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } } }),
          Match.objectLike({
            Sid: 'DenyOutsideAllowedVpcEndpoints',
            Effect: 'Deny',
            Condition: { StringNotEquals: { 'aws:SourceVpce': [{ Ref: Match.stringLikeRegexp('^VpcExecuteApi') }] } },
          }),
        ]),
      },
    });
  });
});

describe('network and WAF options', () => {
  test('IPv4 and IPv6 allow lists get one IP set each, either of which lets a request through', () => {
    const f = fixture();
    iamApi(f, { allowedSourceCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] });
    const [webAcl] = resources(f, 'AWS::WAFv2::WebACL');
    expect(webAcl.Properties.Rules[0].Statement.NotStatement.Statement.OrStatement.Statements).toHaveLength(2);
  });

  test('without an allow list the web ACL keeps the rate limit and managed rules, and any source may call', () => {
    const f = fixture();
    iamApi(f);
    const [webAcl] = resources(f, 'AWS::WAFv2::WebACL');
    expect(webAcl.Properties.Rules.map((rule: any) => rule.Name)).toEqual([
      'RateLimitPerSourceIp', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(resources(f, 'AWS::ApiGateway::RestApi')[0].Properties.Policy.Statement).toHaveLength(1);
  });

  test('an existing web ACL is associated instead of a new one', () => {
    const f = fixture();
    const arn = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shared/1';
    iamApi(f, { webAclArn: arn });
    expect(resources(f, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    Template.fromStack(f.stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
  });

  test('no web ACL only with a reason, which becomes the acknowledgement of every WAF rule', () => {
    const f = fixture();
    const api = iamApi(f, { unsafeNoWebAclReason: 'A shared firewall in front of the VPC endpoint filters this traffic.' });
    expect(api.webAcl).toBeUndefined();
    expect(resources(f, 'AWS::WAFv2::WebACLAssociation')).toHaveLength(0);
    expect(nagErrors(f.stack)).toEqual([]);
    const reasons = acknowledgementReasons(f.stack);
    for (const rule of ['AwsSolutions-APIG3', 'HIPAA.Security-APIGWAssociatedWithWAF', 'NIST.800.53.R5-APIGWAssociatedWithWAF', 'PCI.DSS.321-APIGWAssociatedWithWAF']) {
      expect(reasons[`Test/Api/Resource/DeploymentStage.prod: ${rule}`]).toMatch(/shared firewall/);
    }
  });

  test('a custom rate limit', () => {
    const f = fixture();
    iamApi(f, { webAclRateLimit: 500 });
    expect(resources(f, 'AWS::WAFv2::WebACL')[0].Properties.Rules[0].Statement.RateBasedStatement).toEqual({ Limit: 500, AggregateKeyType: 'IP' });
  });
});

describe('domain options', () => {
  test('without a custom domain the execute-api endpoint stays the way in', () => {
    const f = fixture();
    const api = iamApi(f);
    expect(resources(f, 'AWS::ApiGateway::RestApi')[0].Properties.DisableExecuteApiEndpoint).toBe(false);
    expect(resources(f, 'AWS::ApiGateway::DomainName')).toHaveLength(0);
    expect(api.domain).toBeUndefined();
  });

  test('a TLS 1.3 policy is accepted on a domain without mutual TLS, which still closes the execute-api endpoint', () => {
    const f = fixture();
    iamApi(f, {
      domain: {
        domainName: 'api.example.com',
        certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/1'),
        securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09,
        basePath: 'v1',
      },
    });
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT', MutualTlsAuthentication: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });

  // "To use a certificate imported into ACM or a certificate from AWS Certificate Manager Private
  // Certificate Authority with mutual TLS, API Gateway needs an ownershipVerificationCertificate
  // issued by ACM" (Configuring mutual TLS authentication for an HTTP API / for REST APIs).
  const OWNERSHIP_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/22222222-3333-4444-5555-666666666666';

  test('an ownership verification certificate is the domain\'s OwnershipVerificationCertificateArn', () => {
    const f = fixture();
    iamApi(f, {
      domain: {
        ...mtlsDomain(f.stack),
        ownershipVerificationCertificate: acm.Certificate.fromCertificateArn(f.stack, 'Ownership', OWNERSHIP_ARN),
      },
    });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      OwnershipVerificationCertificateArn: OWNERSHIP_ARN,
      MutualTlsAuthentication: Match.objectLike({ TruststoreUri: Match.anyValue() }),
    });
  });

  test('without one the property is absent (an ACM-issued public server certificate needs none)', () => {
    const f = fixture();
    iamApi(f, { domain: mtlsDomain(f.stack) });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      OwnershipVerificationCertificateArn: Match.absent(),
    });
  });

  test('refused without mutual TLS, where API Gateway never reads it', () => {
    const f = fixture();
    expect(() => iamApi(f, {
      domain: {
        domainName: 'api.example.com',
        certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/1'),
        ownershipVerificationCertificate: acm.Certificate.fromCertificateArn(f.stack, 'Ownership', OWNERSHIP_ARN),
      },
    })).toThrow(withCode('SecureApi.OwnershipCertificateWithoutMutualTls'));
  });

  test('refused when it is the server certificate itself', () => {
    const f = fixture();
    const domain = mtlsDomain(f.stack);
    expect(() => iamApi(f, { domain: { ...domain, ownershipVerificationCertificate: domain.certificate } }))
      .toThrow(withCode('SecureApi.OwnershipCertificateIsServerCertificate'));
  });
});

describe('stage and route options', () => {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.iam(),
    stageName: 'v1',
    executionLogLevel: apigw.MethodLoggingLevel.INFO,
    accessLogRetention: logs.RetentionDays.TWO_YEARS,
    apiName: 'findings',
  });
  api.addRoute('POST', '/findings/{orgId}/import', f.ingest, {
    contentTypes: ['application/json', 'text/csv'],
    requiredQueryParameters: ['batch'],
    requiredHeaders: ['X-Request-Id'],
    throttle: { rateLimit: 5, burstLimit: 10 },
  });
  const template = Template.fromStack(f.stack);
  const [method] = resources(f, 'AWS::ApiGateway::Method');

  test('a route throttle is its own method setting, repeating the stage logging', () => {
    const [stage] = resources(f, 'AWS::ApiGateway::Stage');
    expect(stage.Properties.StageName).toEqual('v1');
    expect(stage.Properties.MethodSettings).toEqual([
      { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'INFO', DataTraceEnabled: false, MetricsEnabled: true, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      {
        HttpMethod: 'POST',
        ResourcePath: '/~1findings~1{orgId}~1import',
        LoggingLevel: 'INFO',
        DataTraceEnabled: false,
        MetricsEnabled: true,
        ThrottlingRateLimit: 5,
        ThrottlingBurstLimit: 10,
      },
    ]);
  });

  test('one request template per accepted content type: JSON parsed, others as a string', () => {
    const templates = method.Properties.Integration.RequestTemplates;
    expect(Object.keys(templates)).toEqual(['application/json', 'text/csv']);
    expect(templates['application/json']).toContain('"body": $input.json(\'$\')');
    expect(templates['text/csv']).toContain('"body": "$util.escapeJavaScript($input.body)');
    expect(templates['text/csv']).toContain('"headers": {"X-Request-Id": "$util.escapeJavaScript($input.params().header.get(\'X-Request-Id\'))');
  });

  test('required query parameters, headers and path parameters are validated', () => {
    expect(method.Properties.RequestParameters).toEqual({
      'method.request.path.orgId': true,
      'method.request.querystring.batch': true,
      'method.request.header.X-Request-Id': true,
    });
    expect(method.Properties.RequestValidatorId).toEqual({ Ref: expect.stringMatching(/^ApiRequestValidator/) });
  });

  test('the API name and the access log retention', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'findings' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731, KmsKeyId: Match.anyValue() });
  });

  test('method responses declare every status a function may set, with the security headers', () => {
    const statuses = method.Properties.MethodResponses.map((response: any) => response.StatusCode);
    expect(statuses).toEqual(['200', '201', '202', '204', '400', '401', '403', '404', '409', '415', '422', '429', '500']);
    expect(method.Properties.MethodResponses[0].ResponseParameters).toEqual({
      'method.response.header.Cache-Control': true,
      'method.response.header.Strict-Transport-Security': true,
      'method.response.header.X-Content-Type-Options': true,
    });
  });
});

describe('metering with API keys and usage plans', () => {
  const f = fixture();
  const api = iamApi(f);
  api.addRoute('POST', '/findings', f.ingest, { meteredWithApiKey: true });
  const plan = api.addMeteringPlan('Scanners', { name: 'scanners', throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 10000, period: apigw.Period.DAY } });
  plan.addApiKey(api.restApi.addApiKey('ScannerKey'));
  const template = Template.fromStack(f.stack);

  test('a metered route requires the key on top of its authorization', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', ApiKeyRequired: true, AuthorizationType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: false });
  });

  test('the plan covers this stage with its throttle and quota', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'scanners',
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 10000, Period: 'DAY' },
      ApiStages: [{ ApiId: { Ref: Match.stringLikeRegexp('^Api') }, Stage: { Ref: Match.stringLikeRegexp('^ApiDeploymentStageprod') } }],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  test('an API key is never the only check: refused on an unauthenticated route', () => {
    expect(() => api.addUnauthenticatedRoute('GET', '/health', f.query, { reason: 'probe', meteredWithApiKey: true }))
      .toThrow(withCode('SecureApi.ApiKeyAsOnlyCheck'));
  });

  test('with no cdk-nag findings', () => {
    expect(nagErrors(f.stack)).toEqual([]);
  });
});
