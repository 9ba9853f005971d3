import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrustedIssuer } from './trusted-issuer';
import { EncryptedTable } from '../encrypted-table';

/**
 * The routes one client-certificate OU may call: an initial item of the OU mapping table.
 */
export interface OuRouteMapping {
  /**
   * The OU exactly as it appears in the client certificate's subject (case-sensitive).
   */
  readonly ou: string;

  /**
   * The routes the OU may call, each as `METHOD /path` with the path exactly as given to
   * `addRoute`, e.g. `GET /findings/{orgId}`. At least one.
   */
  readonly routes: string[];

  /**
   * The CAs whose certificates may carry this OU, at most 10; overrides the API's
   * `trustedIssuers` for this OU. Written into the OU's mapping item, so they don't count against
   * the authorizer's 4 KB environment.
   *
   * @default - the API's `trustedIssuers`
   */
  readonly issuers?: TrustedIssuer[];

  /**
   * The organization id passed to the integrations as `caller.orgId`.
   *
   * @default - no organization id
   */
  readonly orgId?: string;
}

/**
 * A certificate revocation list (CRL, RFC 5280) that a CA publishes in S3, as AWS Private CA
 * does. The authorizer fetches it, verifies its signature with the CA's key, and refuses the
 * certificates of that CA whose serial numbers it lists.
 */
export interface CertificateRevocationListSource {
  /**
   * The bucket the CA publishes the CRL in. The authorizer gets `s3:GetObject` on the CRL's
   * object only, and `kms:Decrypt` on the bucket's key when the bucket has one.
   */
  readonly bucket: s3.IBucket;

  /**
   * The CRL's object key, e.g. `crl/1a2b3c4d-....crl` (DER, or PEM `X509 CRL`). It is written into
   * the authorizer's IAM policy, so it may hold only characters from U+0020 to U+00FF, and no
   * `*`, `?` or `${`.
   */
  readonly key: string;

  /**
   * The issuing CA's certificate (PEM): the CRL must name this CA as its issuer and be signed by
   * its key (RSA-2048 or ECDSA P-256 or stronger, as API Gateway's truststore requires, with
   * SHA-256, SHA-384 or SHA-512), and it applies to the client certificates whose issuer DN is
   * this CA's subject.
   */
  readonly issuerCertificatePem: string;

  /**
   * How old (since its thisUpdate) the CRL may be before every certificate of the CA is refused
   * (401) until a newer one is published, even before its nextUpdate; at most 366 days.
   *
   * @default Duration.days(7)
   */
  readonly maxAge?: Duration;
}

/**
 * Options of the certificate-OU authorization.
 */
export interface CertificateOuAuthorizationOptions {
  /**
   * The CAs whose certificates the mapped OUs may come from, at most 10:
   * `TrustedIssuer.fromCertificatePem(caPem)` (the certificate must be signed with that CA's key)
   * or `TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')` (the
   * issuer DN, as in the authorizer's decision log). A certificate from another CA in the
   * truststore is denied whatever its OU, so a partner's CA, or one that copies OUs from
   * certificate requests, can't mint your OUs. Required unless every mapping names its `issuers`.
   * They are passed in the authorizer's environment, which Lambda caps at 4 KB: synthesis fails
   * when they don't fit (name them on the mappings instead).
   *
   * @default - none: every mapping must name its own issuers
   */
  readonly trustedIssuers?: TrustedIssuer[];

  /**
   * Seconds API Gateway caches an authorizer decision; 0 disables caching, at most 3600.
   *
   * @default 300
   */
  readonly cacheTtlSeconds?: number;

  /**
   * The table mapping OUs to routes (partition key `ou`, type string). The authorizer gets
   * `dynamodb:GetItem` on it and `kms:Decrypt` on its key only.
   *
   * @default - a new `EncryptedTable` encrypted with the DATA key
   */
  readonly mappingTable?: EncryptedTable;

  /**
   * The OU mapping declared in code. Each route named must be added to the API. The items are
   * written into the mapping table at deploy time by a function allowed only `dynamodb:PutItem`
   * and `dynamodb:DeleteItem` on it; an OU left out on a later deployment is deleted, but only
   * while its item is still the one this construct wrote. `SecureApi.ouMappingItems()` returns
   * the items too.
   * The item format is documented in `mapping-format.ts`.
   *
   * @default - no mapping declared in code: every OU is denied until items are written
   */
  readonly mappings?: OuRouteMapping[];

  /**
   * Seconds the authorizer keeps a mapping item in memory between invocations.
   *
   * @default - the authorizer's own default (60)
   */
  readonly mappingCacheTtlSeconds?: number;

  /**
   * The table of revoked client certificates (partition key `certificate`, type string; item
   * format in `revocation-format.ts`). Put an item to revoke a certificate without a deploy
   * (`SecureApi.revocationItem` writes it); it is refused within `maxRevocationDelaySeconds`.
   * The authorizer gets `dynamodb:GetItem` on it only.
   *
   * @default - a new `EncryptedTable` encrypted with the DATA key
   */
  readonly revocationTable?: EncryptedTable;

  /**
   * Seconds the authorizer keeps the answer of a revocation look-up between invocations, at
   * most 300.
   *
   * @default 30
   */
  readonly revocationCacheTtlSeconds?: number;

  /**
   * The CRLs your CAs publish in S3, at most 4. A certificate whose serial is on a current CRL of
   * its issuer is denied; while the CRL can't be fetched, fails its signature check, names
   * another issuer, is past its nextUpdate or older than its `maxAge`, every certificate of that
   * issuer is refused (401, never cached) rather than let through. A serial the CA adds is refused
   * within `maxCrlRevocationDelaySeconds` of the CRL's publication.
   *
   * @default - no CRL is checked: revoke with the revocation table
   */
  readonly certificateRevocationLists?: CertificateRevocationListSource[];

  /**
   * Seconds the authorizer uses a fetched CRL before it must fetch it again (a fetch starts in
   * the background before that), at least 10, at most 3600.
   *
   * @default 300
   */
  readonly revocationListRefreshSeconds?: number;

  /**
   * Let a certificate whose subject holds several mapped OUs have the union of their routes; the
   * reason is required. Without it such a certificate is denied: a CA that copies OUs from
   * certificate requests could otherwise combine any OUs in one certificate. The decision log
   * names every OU seen either way.
   *
   * @default - a certificate with more than one mapped OU is denied
   */
  readonly unsafeAllowSeveralMappedOusReason?: string;
}

/**
 * An OAuth app client allowed the client-credentials grant.
 */
export interface CognitoAppClientOptions {
  /**
   * The app client's name.
   */
  readonly name: string;

  /**
   * The scopes (names declared in `scopes`) the client may request.
   */
  readonly scopes: string[];
}

/**
 * Options of the Cognito OAuth client-credentials authorization.
 */
export interface CognitoClientCredentialsOptions {
  /**
   * The scopes routes may require, e.g. `findings.write`. Each route names the scopes it
   * requires with `RouteOptions.scopes`.
   */
  readonly scopes: string[];

  /**
   * The user pool that issues the access tokens.
   *
   * @default - a new user pool without self sign-up
   */
  readonly userPool?: cognito.IUserPool;

  /**
   * The identifier of the resource server holding the scopes; scopes are sent as
   * `<identifier>/<scope>`.
   *
   * @default 'api'
   */
  readonly resourceServerIdentifier?: string;

  /**
   * App clients to create, each with a secret and only the client-credentials grant.
   *
   * @default - no app clients
   */
  readonly clients?: CognitoAppClientOptions[];

  /**
   * The prefix of the Cognito domain that serves the token endpoint, for a user pool this
   * construct creates.
   *
   * @default - no domain: add one to the user pool before clients can get tokens
   */
  readonly domainPrefix?: string;
}

/**
 * Options of an authorization by your own Lambda REQUEST authorizer.
 */
export interface LambdaAuthorizationOptions {
  /**
   * The authorizer function. Its policy must cover every route the caller may use, since a
   * cached decision is reused across routes.
   */
  readonly handler: lambda.IFunction;

  /**
   * Seconds API Gateway caches a decision; 0 disables caching, at most 3600.
   *
   * @default 300
   */
  readonly cacheTtlSeconds?: number;

  /**
   * Identity sources (`method.request.header.X`, `method.request.querystring.x`,
   * `stageVariables.x`, `context.x`): the cache key, and API Gateway refuses (401) a request
   * missing any of them. With caching on, the key must carry a caller's credential: a header, a
   * query string, or the client certificate's serial number together with its issuer
   * (`context.identity.clientCert.serialNumber` and `context.identity.clientCert.issuerDN`).
   * Values many callers share (`context.identity.sourceIp`, `userAgent`, an issuer alone, stage
   * variables) would serve one caller's cached decision to others.
   *
   * @default - none: only allowed when caching is disabled
   */
  readonly identitySources?: string[];

  /**
   * Cache decisions under identity sources that carry no caller credential (e.g. only
   * `context.identity.sourceIp`), so one caller's cached decision is served to every caller with
   * the same key. The reason is recorded as the acknowledgement of the rule pack's cache-key finding.
   *
   * @default - a cached decision must be keyed on a caller's credential
   */
  readonly unsafeCacheKeyWithoutCredentialReason?: string;

  /**
   * Keys of the authorizer's context passed to the integrations under `caller`.
   *
   * @default - only `principalId`
   */
  readonly contextKeys?: string[];
}
