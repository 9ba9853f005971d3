import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiAuthorization, SecureApi, TrustedIssuer } from '../../../src/secure-api';
import { fixture, mtlsDomain } from '../fixtures';

/** One CRL as a test names it: where it is, and its CA's certificate. */
export interface CrlLocation {
  readonly bucket: string;
  readonly key: string;
  readonly caCertificatePem: string;
}

/**
 * The certificate-OU authorizer's environment exactly as SecureApi synthesizes it for these CRLs
 * and trusted issuers, less the values only known at deploy time (the table names).
 */
export function synthesizedAuthorizerEnvironment(
  crls: readonly CrlLocation[], trustedIssuers: string[], refreshSeconds?: number,
): Record<string, string> {
  const f = fixture();
  const buckets = new Map<string, s3.IBucket>();
  const bucket = (name: string) => buckets.get(name) ?? buckets.set(name, s3.Bucket.fromBucketName(f.stack, `Bucket${buckets.size}`, name)).get(name)!;
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.certificateOu({
      trustedIssuers: trustedIssuers.map((dn) => TrustedIssuer.fromDistinguishedName(dn)),
      certificateRevocationLists: crls.map((crl) => ({ bucket: bucket(crl.bucket), key: crl.key, issuerCertificatePem: crl.caCertificatePem })),
      revocationListRefreshSeconds: refreshSeconds,
    }),
    domain: mtlsDomain(f.stack),
  });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  const functions = Template.fromStack(f.stack).findResources('AWS::Lambda::Function');
  const authorizer = Object.values<any>(functions).find((fn) => fn.Properties.Environment?.Variables?.MAPPING_TABLE_NAME);
  const variables: Record<string, unknown> = authorizer.Properties.Environment.Variables;
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
