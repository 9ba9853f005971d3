import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiAuthorization } from './api-authorization';
import { IKeyPerUsePolicy } from '../key-per-use-policy';

/**
 * A steady request rate and a burst.
 */
export interface ThrottleSettings {
  /**
   * Requests per second, steady.
   */
  readonly rateLimit: number;

  /**
   * Requests allowed in a burst.
   */
  readonly burstLimit: number;
}

/**
 * The API's custom domain. With a truststore it requires mutual TLS.
 */
export interface SecureApiDomainOptions {
  /**
   * The domain name, e.g. `api.example.com`.
   */
  readonly domainName: string;

  /**
   * The ACM certificate for the domain, in the API's region.
   */
  readonly certificate: acm.ICertificate;

  /**
   * The truststore as PEM text: the CA certificates that sign client certificates (a file's
   * contents, e.g. `fs.readFileSync('truststore.pem', 'utf8')`). Turns on mutual TLS with a
   * construct-managed truststore (`SecureApi.truststore`): the bundle is checked at synthesis
   * (CA certificates only, none expired, RSA-2048/ECDSA-256 or stronger), written at deploy time
   * to the construct's own bucket (SSE-KMS with the DATA key, versioned, TLS-only, private,
   * access-logged), and the domain is pinned to the object version that deployment wrote, so a
   * CA rotation (a changed bundle) rolls out as a deployment and nothing else changes which CAs
   * are trusted. The role that deploys the stack needs `s3:GetObject`, `s3:GetObjectVersion` and
   * `kms:Decrypt` on it, because API Gateway reads the truststore with the deployer's permissions.
   *
   * Give either this or `truststoreBucket`/`truststoreKey`, not both.
   *
   * @default - no managed truststore
   */
  readonly truststorePem?: string;

  /**
   * Encrypts the managed truststore's bucket with S3-managed keys (SSE-S3) instead of the `DATA`
   * key, for the reason given (see `ManagedTruststoreProps.unsafeS3ManagedEncryptionReason`).
   * Only with `truststorePem`.
   *
   * @default - SSE-KMS with the `DATA` key
   */
  readonly unsafeS3ManagedTruststoreEncryptionReason?: string;

  /**
   * The bucket holding an imported truststore (PEM bundle of the CAs that sign client
   * certificates). Turns on mutual TLS. Prefer `truststorePem`, or pin `truststoreVersion`:
   * the SecureServerless pack warns about a truststore without a pinned version.
   *
   * @default - no imported truststore
   */
  readonly truststoreBucket?: s3.IBucket;

  /**
   * The truststore's object key.
   *
   * @default - required with `truststoreBucket`
   */
  readonly truststoreKey?: string;

  /**
   * The imported truststore object's version, so a new upload takes effect only on deploy.
   *
   * @default - the latest version when the domain is created or next updated
   *   (SecureServerless-ApiGwTruststoreVersionPinned warns)
   */
  readonly truststoreVersion?: string;

  /**
   * The ACM-issued public certificate that proves you own `domainName`, for a mutual TLS domain
   * whose `certificate` was imported into ACM or issued by AWS Private CA. AWS: "To use a
   * certificate imported into ACM or a certificate from AWS Certificate Manager Private
   * Certificate Authority with mutual TLS, API Gateway needs an ownershipVerificationCertificate
   * issued by ACM. This ownership certificate is only used to verify that you have permissions to
   * use the domain name. It is not used for the TLS handshake." ("Configuring mutual TLS
   * authentication", API Gateway Developer Guide). Keep it valid for the domain's lifetime: when
   * it expires and can't be renewed, every update to the domain is locked.
   *
   * Synthesis can't tell from an ACM ARN how the server certificate was made, so this is not
   * checked: give it when `certificate` is imported or private-CA issued, leave it out for an
   * ACM-issued public certificate. It is refused without mutual TLS, and when it is `certificate`
   * itself (it can't serve as a server certificate of a mutual TLS domain).
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-domainname.html#cfn-apigateway-domainname-ownershipverificationcertificatearn
   * @default - none (an ACM-issued public server certificate)
   */
  readonly ownershipVerificationCertificate?: acm.ICertificate;

  /**
   * The TLS security policy. AWS allows mutual TLS only with `TLS_1_2` (which also accepts
   * TLS 1.3 clients); the TLS 1.3-only regional policies are allowed without mutual TLS.
   *
   * @default apigw.SecurityPolicy.TLS_1_2
   */
  readonly securityPolicy?: apigw.SecurityPolicy;

  /**
   * The base path the API is mapped under.
   *
   * @default - the API is mapped at the domain's root
   */
  readonly basePath?: string;
}

/**
 * Properties of a `SecureApi`.
 */
export interface SecureApiProps {
  /**
   * The keys: AUDIT encrypts the access logs, DATA the OU mapping table.
   */
  readonly keys: IKeyPerUsePolicy;

  /**
   * How every route is authorized.
   */
  readonly authorization: ApiAuthorization;

  /**
   * The API's name.
   *
   * @default - the construct path
   */
  readonly apiName?: string;

  /**
   * The custom domain. The default `execute-api` endpoint is disabled whenever a domain is set,
   * so the domain's checks (mutual TLS) can't be bypassed.
   *
   * @default - no custom domain; the `execute-api` endpoint serves the API
   */
  readonly domain?: SecureApiDomainOptions;

  /**
   * Source IP ranges (IPv4 or IPv6 CIDR blocks) allowed to call the API. The resource policy
   * denies every other source, and the web ACL blocks them too.
   *
   * @default - any source IP
   */
  readonly allowedSourceCidrs?: string[];

  /**
   * Interface VPC endpoints (`execute-api`) through which the API is reachable. Setting this
   * makes the API PRIVATE, and the resource policy denies requests from any other endpoint.
   *
   * @default - a REGIONAL API
   */
  readonly privateEndpoints?: ec2.IInterfaceVpcEndpoint[];

  /**
   * The ARN of an existing WAFv2 web ACL (REGIONAL scope) to associate with the stage instead
   * of the one this construct creates.
   *
   * @default - a web ACL with the source IP allow list, AWS managed common and known-bad-inputs
   * rules and a per-IP rate limit
   */
  readonly webAclArn?: string;

  /**
   * Leave the stage without a web ACL; the reason is recorded as the acknowledgement of the
   * compliance packs' WAF findings.
   *
   * @default - a web ACL is associated with the stage
   */
  readonly unsafeNoWebAclReason?: string;

  /**
   * Requests per source IP in any 5 minutes before the created web ACL blocks that IP.
   *
   * @default 2000
   */
  readonly webAclRateLimit?: number;

  /**
   * Stage-wide throttling; routes can set lower limits.
   *
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ThrottleSettings;

  /**
   * The stage's name.
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * How long access logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * Execution logging level, `ERROR` or `INFO` (never `OFF`). Data tracing (full requests and
   * responses) is always off. Execution logs need the account's API Gateway CloudWatch Logs role
   * (account setting `cloudWatchRoleArn`), which this construct does not create.
   *
   * @default apigw.MethodLoggingLevel.ERROR
   */
  readonly executionLogLevel?: apigw.MethodLoggingLevel;
}

/**
 * Options of one route.
 */
export interface RouteOptions {
  /**
   * The JSON schema the request body must match (content type `application/json`); API Gateway
   * answers 400 before any function runs.
   *
   * @default - the body is not validated
   */
  readonly requestSchema?: apigw.JsonSchema;

  /**
   * Query string parameters the request must carry (400 otherwise).
   *
   * @default - none required
   */
  readonly requiredQueryParameters?: string[];

  /**
   * Headers the request must carry (400 otherwise). They are passed to the function.
   *
   * @default - none required
   */
  readonly requiredHeaders?: string[];

  /**
   * The content types the route accepts; any other is answered 415 before any function runs.
   *
   * @default ['application/json']
   */
  readonly contentTypes?: string[];

  /**
   * Scopes the access token must hold (Cognito client-credentials authorization only, where at
   * least one is required).
   *
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * Throttling for this route, below the stage's.
   *
   * @default - the stage's throttling
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Require an API key as well, to meter callers through usage plans (`addMeteringPlan`). The
   * key is never authorization: the route's authorizer still decides.
   *
   * @default false
   */
  readonly meteredWithApiKey?: boolean;
}

/**
 * A usage plan that meters (and caps) the callers holding its API keys.
 */
export interface MeteringPlanOptions {
  /**
   * The plan's name.
   *
   * @default - generated
   */
  readonly name?: string;

  /**
   * Throttling per API key.
   *
   * @default - the stage's throttling
   */
  readonly throttle?: ThrottleSettings;

  /**
   * The number of requests per key in a period.
   *
   * @default - no quota
   */
  readonly quota?: apigw.QuotaSettings;
}

/**
 * Options of a route without authorization.
 */
export interface UnauthenticatedRouteOptions extends RouteOptions {
  /**
   * Why this route needs no authorization: recorded as the acknowledgement of the
   * authorization findings, for a reviewer to read.
   */
  readonly reason: string;
}
