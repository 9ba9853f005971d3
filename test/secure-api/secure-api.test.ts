import { Match, Template } from 'aws-cdk-lib/assertions';
import { FINDING_SCHEMA, referenceApi } from './fixtures';

/** The reference app's API in its default configuration, as CloudFormation. */
describe('SecureApi, the reference app API (certificate OU over mutual TLS)', () => {
  const { stack, api } = referenceApi();
  const template = Template.fromStack(stack);
  const resources = (type: string) => Object.values<any>(template.findResources(type));
  const methods = () => resources('AWS::ApiGateway::Method');

  test('every method has a Lambda authorizer; none is NONE and none relies on an API key', () => {
    expect(methods()).toHaveLength(2);
    for (const method of methods()) {
      expect(method.Properties.AuthorizationType).toEqual('CUSTOM');
      expect(method.Properties.AuthorizerId).toBeDefined();
      expect(method.Properties.ApiKeyRequired).toBe(false);
    }
  });

  test('the authorizer caches 300 s keyed on the client certificate (issuer, serial, subject, its PEM) and the route (method, resource)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      AuthorizerResultTtlInSeconds: 300,
      IdentitySource: 'context.identity.clientCert.issuerDN,context.identity.clientCert.serialNumber,context.identity.clientCert.subjectDN,' +
        'context.identity.clientCert.clientCertPem,context.httpMethod,context.resourceId',
    });
  });

  test('the authorizer function reads the mapping table with GetItem only and its key with Decrypt only', () => {
    const fn = resources('AWS::Lambda::Function').find((candidate) => candidate.Properties.Description?.startsWith('Certificate-OU authorizer'));
    expect(fn.Properties.Environment.Variables.MAPPING_TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^ApiCertificateOuOuMapping/) });
    const statements = resources('AWS::IAM::ManagedPolicy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => JSON.stringify(statement.Resource).includes('ApiCertificateOuOuMapping') ||
        JSON.stringify(statement.Resource).includes('KeysDataKey'));
    expect(statements.map((statement: any) => statement.Action)).toEqual(['dynamodb:GetItem', 'kms:Decrypt']);
    expect(api.authorizerFunction).toBeDefined();
    expect(api.mappingTable).toBeDefined();
  });

  test('the OU mapping table is keyed on ou and encrypted with the DATA key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'ou', KeyType: 'HASH' }],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
  });

  test('the authorizer may be invoked only by this authorizer; each function only for its own method and path', () => {
    const sourceArns = resources('AWS::Lambda::Permission').map((permission) => JSON.stringify(permission.Properties.SourceArn));
    expect(sourceArns).toHaveLength(3);
    expect(sourceArns.filter((arn) => arn.includes('/authorizers/'))).toHaveLength(1);
    expect(sourceArns.some((arn) => arn.endsWith('"/POST/findings"]]}'))).toBe(true);
    expect(sourceArns.some((arn) => arn.endsWith('"/GET/findings/*"]]}'))).toBe(true);
    expect(sourceArns.every((arn) => !arn.includes('*/*') && !arn.includes('test-invoke-stage'))).toBe(true);
  });

  test('regional custom domain with mutual TLS and TLS 1.2; the execute-api endpoint is disabled', () => {
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'findings.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
      MutualTlsAuthentication: { TruststoreUri: 's3://findings-truststore/truststore.pem' },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true, EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    expect(api.url).toEqual('https://findings.example.com/');
  });

  test('the resource policy denies every source outside the allowed CIDR blocks', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([{
          Sid: 'DenyOutsideAllowedSourceCidrs',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
        }]),
      },
    });
  });

  test('a web ACL with the IP allow list, a rate limit and AWS managed rules is associated with the stage and logged', () => {
    const [webAcl] = resources('AWS::WAFv2::WebACL');
    expect(webAcl.Properties.Scope).toEqual('REGIONAL');
    expect(webAcl.Properties.Rules.map((rule: any) => rule.Name)).toEqual([
      'BlockOutsideAllowedSourceCidrs', 'RateLimitPerSourceIp', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(webAcl.Properties.Rules.every((rule: any) => rule.VisibilityConfig.CloudWatchMetricsEnabled)).toBe(true);
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV4', Addresses: ['203.0.113.0/24'] });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^ApiDeploymentStageprod') }])] },
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), KmsKeyId: Match.anyValue() });
  });

  test('the stage throttles, logs errors without data traces, traces with X-Ray and presents a client certificate', () => {
    const [stage] = resources('AWS::ApiGateway::Stage');
    expect(stage.Properties.TracingEnabled).toBe(true);
    expect(stage.Properties.ClientCertificateId).toEqual({ Ref: expect.stringMatching(/^ApiBackendClientCertificate/) });
    expect(stage.Properties.MethodSettings).toEqual([{
      HttpMethod: '*',
      ResourcePath: '/*',
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      MetricsEnabled: true,
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    }]);
  });

  test('access logs are JSON with the caller, route, status and latency, in a log group on the AUDIT key', () => {
    const [stage] = resources('AWS::ApiGateway::Stage');
    const format = JSON.parse(stage.Properties.AccessLogSetting.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      clientCertSerial: '$context.identity.clientCert.serialNumber',
      caller: { ou: '$context.authorizer.ou', orgId: '$context.authorizer.orgId', certificateSerial: '$context.authorizer.certificateSerial' },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysAuditKey'), 'Arn'] },
      RetentionInDays: 365,
    });
  });

  test('requests are validated: one body-and-parameters validator, a model from the schema, required path parameters', () => {
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({ required: FINDING_SCHEMA.required, type: 'object' }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('POSTfindingsRequestModel') } },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', RequestParameters: { 'method.request.path.orgId': true } });
  });

  test('integrations are non-proxy Lambda integrations with one template per accepted content type and passthrough NEVER', () => {
    for (const method of methods()) {
      const integration = method.Properties.Integration;
      expect(integration.Type).toEqual('AWS');
      expect(integration.PassthroughBehavior).toEqual('NEVER');
      expect(Object.keys(integration.RequestTemplates)).toEqual(['application/json']);
      expect(integration.RequestTemplates['application/json']).toContain('"ou": "$util.escapeJavaScript($context.authorizer.ou)');
      expect(integration.IntegrationResponses.map((response: any) => response.StatusCode)).toEqual(['200', '500']);
      expect(integration.IntegrationResponses[0].ResponseTemplates['application/json']).toContain('$context.responseOverride.status');
      expect(integration.IntegrationResponses[1].ResponseTemplates['application/json']).not.toContain('errorMessage');
    }
  });

  test('gateway responses are JSON and 5XX ones say nothing of the backend', () => {
    const responses = resources('AWS::ApiGateway::GatewayResponse');
    const byType = Object.fromEntries(responses.map((response) => [response.Properties.ResponseType, response.Properties]));
    expect(Object.keys(byType).sort()).toEqual([
      'ACCESS_DENIED', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE', 'DEFAULT_4XX', 'DEFAULT_5XX', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
    ]);
    expect(byType.UNSUPPORTED_MEDIA_TYPE.StatusCode).toEqual('415');
    for (const type of ['DEFAULT_5XX', 'AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR']) {
      expect(JSON.parse(byType[type].ResponseTemplates['application/json'].replace('$context.requestId', 'id')).message).toEqual('Internal server error');
    }
  });

  test('no CloudWatch role with an AWS-managed policy is created for the account', () => {
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });
});
