import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { AuditTrailCase, deployCase, DeployCase, EncryptedTableCase, SecureApiCase } from './arbitraries';
import { AuditTrail, EncryptedTable, KeyPerUsePolicy, ScopedFunction } from '../../src';
import { ApiAuthorization, SecureApi, SecureApiDomainOptions, TrustedIssuer } from '../../src/secure-api';
import { selfSignedCertificate } from '../support/ca-certificates';
import { ACCOUNT, REGION } from '../support/cfn-resolve';

const root = join(__dirname, '..', '..');
const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });');

/** One CA certificate made by openssl for the managed-truststore cases, made on first use. */
let caPem: string | undefined;
function truststorePem(): string {
  caPem ??= selfSignedCertificate({ subject: '/CN=Example Private CA/O=Example Corp' });
  return caPem;
}

/** What one run found. */
export interface DeployabilityReport {
  readonly seed: number;
  readonly cases: number;
  /** Cases synthesis refused with a clear error (construct path, prop, fix). */
  readonly refused: number;
  /** How many refusals named each prop. */
  readonly refusedProps: Record<string, number>;
  /** Cases that synthesized; their templates went to cfn-lint. */
  readonly synthesized: number;
  /** Refusals that name no prop and fix (aws-cdk-lib's own errors, crashes): each a defect. */
  readonly unclearErrors: string[];
  /** cfn-lint errors in the templates of accepted cases: each a defect. */
  readonly lintErrors: string[];
}

/** A refusal the user can act on: `[construct path] prop: problem. Fix: ...` (InvalidPropError or a validation message). */
function isClearError(message: string): boolean {
  return /\[[^\]\n]+\] [^:\n]+: [^\n]*Fix: /.test(message);
}

function secureApi(stack: Stack, keys: KeyPerUsePolicy, c: SecureApiCase): void {
  const fn = new ScopedFunction(stack, 'Handler', { code: CODE, handler: 'index.handler', keys });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`);
  let authorization: ApiAuthorization;
  let domain: SecureApiDomainOptions | undefined = c.domainName ? { domainName: c.domainName, certificate, basePath: c.basePath } : undefined;
  const routeKeys = c.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  switch (c.mode) {
    case 'cognito':
      authorization = ApiAuthorization.cognitoClientCredentials({
        scopes: c.cognito.scopes,
        resourceServerIdentifier: c.cognito.resourceServerIdentifier,
        clients: c.cognito.clientNames.map((name) => ({ name, scopes: [c.cognito.scopes[0]] })),
        domainPrefix: c.cognito.domainPrefix,
      });
      break;
    case 'lambda':
      authorization = ApiAuthorization.lambdaAuthorizer({
        handler: new ScopedFunction(stack, 'OwnAuthorizer', { code: CODE, handler: 'index.handler', keys }).function,
        identitySources: c.lambda.identitySources,
        cacheTtlSeconds: c.lambda.cacheTtlSeconds,
        contextKeys: c.lambda.contextKeys,
        unsafeCacheKeyWithoutCredentialReason: c.lambda.unsafeReason,
      });
      break;
    case 'certificateOu':
      authorization = ApiAuthorization.certificateOu({
        cacheTtlSeconds: c.certificateOu.cacheTtlSeconds,
        trustedIssuers: c.certificateOu.trustedIssuers?.map((issuer) => (issuer.startsWith('pem:')
          ? TrustedIssuer.fromCertificatePem(issuer.slice(4)) : TrustedIssuer.fromDistinguishedName(issuer))),
        mappings: c.certificateOu.ous.map((ou, i) => ({ ou, routes: [routeKeys[i % routeKeys.length]] })),
      });
      domain = {
        domainName: c.domainName ?? 'api.example.com',
        certificate,
        basePath: c.basePath,
        ...(c.managedTruststore ? { truststorePem: truststorePem() } : {
          truststoreBucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'example-truststore'),
          truststoreKey: 'truststore.pem',
        }),
      };
      break;
    default:
      authorization = ApiAuthorization.iam();
  }
  const api = new SecureApi(stack, 'Api', {
    keys,
    authorization,
    apiName: c.apiName,
    stageName: c.stageName,
    allowedSourceCidrs: c.allowedSourceCidrs,
    domain,
    unsafeNoWebAclReason: c.unsafeNoWebAcl ? 'A CloudFront distribution with its own web ACL fronts the API.' : undefined,
  });
  for (const r of c.routes) {
    api.addRoute(r.method, r.path, fn, {
      requiredHeaders: r.requiredHeaders,
      requiredQueryParameters: r.requiredQueryParameters,
      scopes: c.mode === 'cognito' ? [c.cognito.scopes[0]] : undefined,
    });
  }
  if (c.unauthenticatedHealth) {
    api.addUnauthenticatedRoute('GET', '/health', fn, { reason: 'Load balancer health checks carry no credentials.' });
  }
}

function auditTrail(stack: Stack, keys: KeyPerUsePolicy, c: AuditTrailCase): void {
  new AuditTrail(stack, 'Trail', { keys, trailName: c.trailName, s3KeyPrefix: c.s3KeyPrefix });
}

function encryptedTable(stack: Stack, keys: KeyPerUsePolicy, c: EncryptedTableCase): void {
  new EncryptedTable(stack, 'Table', { keys, tableName: c.tableName, partitionKey: { name: c.partitionKey, type: dynamodb.AttributeType.STRING } });
}

/** Synthesizes one case into `outdir`; returns its template, or throws what synthesis threw. */
export function synthesizeCase(c: DeployCase, outdir: string): string {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Case', { env: { account: ACCOUNT, region: REGION } });
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'key-admins')] });
  if (c.kind === 'SecureApi') {
    secureApi(stack, keys, c.props);
  } else if (c.kind === 'AuditTrail') {
    auditTrail(stack, keys, c.props);
  } else {
    encryptedTable(stack, keys, c.props);
  }
  app.synth();
  return join(outdir, `${stack.artifactId}.template.json`);
}

/** cfn-lint's matches (all levels) over the templates, in one call; the venv is the compliance gate's. */
export function cfnLintMatches(templates: string[]): any[] {
  if (templates.length === 0) {
    return [];
  }
  const bin = execFileSync(join(root, 'scripts', 'python-tools.sh'), { encoding: 'utf8' }).trim();
  const result = spawnSync(join(bin, 'cfn-lint'), ['--format', 'json', '--', ...templates], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const matches: any[] = result.stdout.trim() ? JSON.parse(result.stdout) : [];
  if (result.status !== 0 && matches.length === 0) {
    throw new Error(`cfn-lint failed to run: ${result.stderr}`);
  }
  return matches;
}

/** Generates `runs` cases from `seed`, synthesizes each, and lints every accepted template in one batch. */
export function runDeployability(runs: number, seed: number): DeployabilityReport {
  const cases = fc.sample(deployCase, { numRuns: runs, seed });
  const workdir = mkdtempSync(join(tmpdir(), 'deployability-'));
  try {
    const templates = new Map<string, number>();
    const unclearErrors: string[] = [];
    let refused = 0;
    const refusedProps: Record<string, number> = {};
    cases.forEach((c, index) => {
      try {
        templates.set(synthesizeCase(c, join(workdir, `case-${index}`)), index);
      } catch (error) {
        const message = (error as Error).message;
        if (isClearError(message)) {
          refused += 1;
          const prop = /\] ([^:\n]+): [^\n]*Fix: /.exec(message)![1].replace(/^(addRoute|addUnauthenticatedRoute) \S+ \S+ /, '$1 ');
          refusedProps[prop] = (refusedProps[prop] ?? 0) + 1;
        } else {
          unclearErrors.push(`case ${index} (${c.kind} ${JSON.stringify(c.props)}): ${message.split('\n').slice(0, 3).join(' ')}`);
        }
      }
    });
    const lintErrors = cfnLintMatches([...templates.keys()])
      .filter((match) => match.Level === 'Error')
      .map((match) => {
        const index = templates.get(match.Filename) ?? -1;
        return `case ${index} (${cases[index]?.kind} ${JSON.stringify(cases[index]?.props)}): ${match.Rule.Id} ${match.Message}`;
      });
    return { seed, cases: cases.length, refused, refusedProps, synthesized: templates.size, unclearErrors, lintErrors };
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
