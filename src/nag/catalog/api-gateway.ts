import { NagMessageLevel } from 'cdk-nag';
import { RuleEntry } from '../private/rule-entry';
import {
  ApiGwApiKeyNotSoleAuthorization,
  ApiGwAuthorizerCacheKey,
  ApiGwAuthorizerCaching,
  ApiGwDomainTls12,
  ApiGwExecuteApiEndpointClosedWithMtls,
  ApiGwMethodAuthorization,
  ApiGwTruststoreVersionPinned,
  ApiGwV2DomainTls12,
  ApiGwV2ExecuteApiEndpointClosedWithMtls,
  ApiGwV2RouteAuthorization,
} from '../rules';

const CONTROL_ACCESS_REST = {
  title: 'Control and manage access to REST APIs in API Gateway',
  url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
};
const LAMBDA_AUTHORIZERS = {
  title: 'Use API Gateway Lambda authorizers',
  url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html',
};
const TLS_SECURITY_POLICIES = {
  title: 'Choose a security policy for your custom domain in API Gateway',
  url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html',
};

/** The API Gateway rules: REST APIs (v1), then HTTP and WebSocket APIs (v2). */
export const API_GATEWAY_RULES: RuleEntry[] = [
  {
    rule: ApiGwMethodAuthorization,
    level: NagMessageLevel.ERROR,
    info: 'A REST API method (an AWS::ApiGateway::Method or an operation of the API\'s OpenAPI body) has no authorizer and is not a CORS preflight.',
    help: {
      risk: 'A method without authorization (AuthorizationType NONE, or an OpenAPI operation without a security requirement naming an API Gateway authorizer) lets anyone on the network call its backend. An OpenAPI body kept in S3 (BodyS3Location) can\'t be read at synth time and is reported until acknowledged.',
      fixWithThisLibrary: 'SecureApi gives every route an mTLS/OU, Cognito or IAM authorizer and refuses routes without one.',
      fixWithAwsCdkLib: 'pass authorizationType (AWS_IAM, COGNITO) or an authorizer in defaultMethodOptions or addMethod; in an OpenAPI definition give each operation (or the root) a security requirement whose scheme has x-amazon-apigateway-authtype or x-amazon-apigateway-authorizer; only OPTIONS preflights answered by a MOCK integration may stay open.',
      awsDoc: CONTROL_ACCESS_REST,
    },
  },
  {
    rule: ApiGwApiKeyNotSoleAuthorization,
    level: NagMessageLevel.ERROR,
    info: 'The API Gateway method relies on an API key alone (ApiKeyRequired with AuthorizationType NONE).',
    help: {
      risk: 'API keys identify a usage plan for throttling and quotas; they are not credentials: they travel in a header, are shared and rarely rotated, so a method guarded by a key alone is open to whoever holds a copy.',
      fixWithThisLibrary: 'SecureApi routes always carry an authorizer; API keys can only be added beside it.',
      fixWithAwsCdkLib: 'keep apiKeyRequired if you meter callers, and add authorizationType AWS_IAM, a CognitoUserPoolsAuthorizer or a Lambda authorizer to the method.',
      awsDoc: {
        title: 'Usage plans and API keys for REST APIs in API Gateway',
        url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
      },
    },
  },
  {
    rule: ApiGwAuthorizerCaching,
    level: NagMessageLevel.WARN,
    info: 'The Lambda authorizer does not cache its decisions (AuthorizerResultTtlInSeconds is 0).',
    help: {
      risk: 'Without caching every request invokes the authorizer and whatever it reads (certificate mappings, tables), adding latency and cost and letting a burst of requests exhaust its concurrency.',
      fixWithThisLibrary: 'SecureApi\'s certificate authorizer caches decisions for a bounded time (at most 3600 s), keyed on the caller.',
      fixWithAwsCdkLib: 'set resultsCacheTtl on the TokenAuthorizer or RequestAuthorizer to a few minutes, with identity sources that identify the caller.',
      awsDoc: LAMBDA_AUTHORIZERS,
    },
  },
  {
    rule: ApiGwAuthorizerCacheKey,
    level: NagMessageLevel.ERROR,
    info: 'The REQUEST Lambda authorizer caches decisions under identity sources that carry no caller credential.',
    help: {
      risk: 'API Gateway caches an authorizer decision under the values of its identity sources. Stage variables and context values such as context.identity.sourceIp (one address behind a NAT), userAgent, or a client certificate\'s issuerDN or serialNumber alone are shared by many callers, so one caller\'s Allow is served to the next.',
      fixWithThisLibrary: 'SecureApi keys its certificate authorizer\'s cache on the client certificate and the route, and ApiAuthorization.lambdaAuthorizer refuses a cached key without a credential unless unsafeCacheKeyWithoutCredentialReason says why.',
      fixWithAwsCdkLib: 'give the RequestAuthorizer identitySources that carry the credential the authorizer checks (a header or a query string), or the client certificate\'s serialNumber together with its issuerDN, or set resultsCacheTtl to Duration.seconds(0).',
      awsDoc: LAMBDA_AUTHORIZERS,
    },
  },
  {
    rule: ApiGwDomainTls12,
    level: NagMessageLevel.ERROR,
    info: 'The REST API custom domain (AWS::ApiGateway::DomainName or DomainNameV2) does not enforce TLS 1.2 or later.',
    help: {
      risk: 'Without SecurityPolicy TLS_1_2 (or an enhanced TLS 1.2/1.3 policy) API Gateway accepts TLS 1.0 and 1.1, which are deprecated and open to downgrade attacks.',
      fixWithThisLibrary: 'SecureApi\'s custom domain uses TLS 1.2 and refuses a lower policy.',
      fixWithAwsCdkLib: 'set securityPolicy: apigateway.SecurityPolicy.TLS_1_2 on the DomainName (or the RestApi\'s domainName option).',
      awsDoc: TLS_SECURITY_POLICIES,
    },
  },
  {
    rule: ApiGwExecuteApiEndpointClosedWithMtls,
    level: NagMessageLevel.ERROR,
    info: 'The REST API is mapped to a mutual-TLS custom domain (API Gateway v1 or v2 domain name) but keeps its default execute-api endpoint open.',
    help: {
      risk: 'Mutual TLS is enforced only on the custom domain. While the default execute-api endpoint is enabled, callers reach the API there without a client certificate and bypass the mTLS check.',
      fixWithThisLibrary: 'SecureApi disables the default endpoint whenever it has a custom domain.',
      fixWithAwsCdkLib: 'set disableExecuteApiEndpoint: true on the RestApi (DisableExecuteApiEndpoint on AWS::ApiGateway::RestApi).',
      awsDoc: {
        title: 'How to turn on mutual TLS authentication for your REST APIs in API Gateway',
        url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html',
      },
    },
  },
  {
    rule: ApiGwTruststoreVersionPinned,
    level: NagMessageLevel.WARN,
    info: 'The mutual-TLS custom domain (AWS::ApiGateway::DomainName or AWS::ApiGatewayV2::DomainName) names its truststore without a pinned object version (MutualTlsAuthentication.TruststoreVersion).',
    help: {
      risk: 'Without a version the domain reads whatever object is latest at the truststore\'s key whenever it is next updated, for any reason: a CA added to the bundle by anyone who can write the key (or an accidental upload) starts being trusted, or a CA dropped stops being trusted, without a reviewed deployment saying so.',
      fixWithThisLibrary: 'give SecureApi\'s domain truststorePem: the construct writes the bundle to its own versioned bucket and pins the domain to that object version, so a CA rotation is a new deployment; with an imported bucket, pass truststoreVersion.',
      fixWithAwsCdkLib: 'keep the truststore in a versioned bucket and pass mtls.version (the S3 object version id) on the DomainName (TruststoreVersion in MutualTlsAuthentication).',
      awsDoc: {
        title: 'How to turn on mutual TLS authentication for your REST APIs in API Gateway',
        url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html',
      },
    },
  },
  {
    rule: ApiGwV2RouteAuthorization,
    level: NagMessageLevel.ERROR,
    info: 'An HTTP API route, or the $connect route of a WebSocket API, has no authorizer (AuthorizationType NONE, a quick-create default route, or an OpenAPI operation without one).',
    help: {
      risk: 'A route without authorization lets anyone call its integration. WebSocket APIs authorize only on $connect (a connection once open is never re-checked), so an open $connect route opens every route of the API.',
      fixWithThisLibrary: 'the library builds REST APIs only (SecureApi); for HTTP and WebSocket APIs use aws-cdk-lib as below.',
      fixWithAwsCdkLib: 'give the HttpApi a defaultAuthorizer (HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaAuthorizer) and avoid HttpNoneAuthorizer, or give the WebSocketApi\'s connectRouteOptions an authorizer (WebSocketIamAuthorizer, WebSocketLambdaAuthorizer); don\'t use quick create (Target) on AWS::ApiGatewayV2::Api.',
      awsDoc: {
        title: 'Control and manage access to HTTP APIs in API Gateway',
        url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
      },
    },
  },
  {
    rule: ApiGwV2ExecuteApiEndpointClosedWithMtls,
    level: NagMessageLevel.ERROR,
    info: 'The HTTP or WebSocket API is mapped to a mutual-TLS custom domain but keeps its default execute-api endpoint open.',
    help: {
      risk: 'Mutual TLS is enforced only on the custom domain. While the default execute-api endpoint is enabled, callers reach the API there without a client certificate and bypass the mTLS check.',
      fixWithThisLibrary: 'the library builds REST APIs only (SecureApi closes their default endpoint); for HTTP APIs use aws-cdk-lib as below.',
      fixWithAwsCdkLib: 'set disableExecuteApiEndpoint: true on the HttpApi (DisableExecuteApiEndpoint on AWS::ApiGatewayV2::Api).',
      awsDoc: {
        title: 'Disable the default endpoint for HTTP APIs',
        url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html',
      },
    },
  },
  {
    rule: ApiGwV2DomainTls12,
    level: NagMessageLevel.ERROR,
    info: 'A configuration of the API Gateway v2 custom domain (AWS::ApiGatewayV2::DomainName) does not enforce TLS 1.2.',
    help: {
      risk: 'A v2 domain name can also serve REST and WebSocket APIs; a DomainNameConfiguration with SecurityPolicy TLS_1_0, or none, lets clients negotiate TLS 1.0 or 1.1, which are deprecated and open to downgrade attacks.',
      fixWithThisLibrary: 'SecureApi\'s custom domain uses TLS 1.2; for v2 domain names use aws-cdk-lib as below.',
      fixWithAwsCdkLib: 'set securityPolicy: apigatewayv2.SecurityPolicy.TLS_1_2 on the apigatewayv2.DomainName (SecurityPolicy TLS_1_2 in every DomainNameConfigurations entry).',
      awsDoc: TLS_SECURITY_POLICIES,
    },
  },
];
