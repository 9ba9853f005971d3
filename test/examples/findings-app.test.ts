import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { accessMatrix, AccessMatrix } from './iam-access-matrix';
import { acknowledgedIds, kmsKeyCount, wildcardResourceStatements } from '../../examples/compliance-summary';
import { findingsApp, HANDLERS_DIR } from '../../examples/findings-app';
import { nagFindings } from '../support/nag';

const MATRIX_FILE = join(__dirname, 'iam-access-matrix.json');

if (!existsSync(join(HANDLERS_DIR, 'ingest', 'index.js'))) {
  throw new Error('bundle the example handlers first: npx projen examples:bundle');
}

const { app, stack, packs } = findingsApp({ outdir: mkdtempSync(join(tmpdir(), 'findings-')), registerPacks: false });
const template = Template.fromStack(stack).toJSON();
const findings = nagFindings(app, packs);

describe('the example app under every cdk-nag pack and the library pack', () => {
  test('has no unacknowledged errors and no warnings', () => {
    expect(findings.map((finding) => `${finding.rule} @ ${finding.path}`)).toEqual([]);
  });

  test('the acknowledgements per pack are pinned', () => {
    const perPack: Record<string, number> = {};
    for (const id of acknowledgedIds(app)) {
      const pack = id.slice(0, id.indexOf('-'));
      perPack[pack] = (perPack[pack] ?? 0) + 1;
    }
    // The managed truststore added, per pack: its writer's ScopedFunction defaults (X-Ray's `*` for
    // AwsSolutions and SecureServerless, outside a VPC for HIPAA/NIST/PCI, its DLQ for Serverless),
    // replication of its two buckets, SSE-S3 on the access log bucket, Object Lock on both (NIST R4),
    // and the logging service's prefix grant (SecureServerless).
    expect(perPack).toEqual({
      'AwsSolutions': 11, // 10 before the managed truststore (the revocation table's backup selection role added one)
      'HIPAA.Security': 12, // 8
      'NIST.800.53.R4': 14, // 9
      'NIST.800.53.R5': 12, // 8
      'PCI.DSS.321': 12, // 8
      'Serverless': 5, // 4
      'SecureServerless': 9, // 7
    });
  });

  test('one KMS key per use: data, messaging, audit', () => {
    expect(kmsKeyCount({ app: template })).toEqual(3);
  });

  test("IAM statements with a '*' resource are only X-Ray's, which has no resource-level permissions", () => {
    const wildcards = wildcardResourceStatements({ app: template });
    expect(wildcards.length).toBeGreaterThan(0);
    for (const statement of wildcards) {
      expect(statement.actions).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    }
  });
});

describe('the IAM access matrix, computed by a policy simulator', () => {
  let matrix: AccessMatrix;
  beforeAll(async () => {
    matrix = await accessMatrix(template);
    if (process.env.UPDATE_ACCESS_MATRIX) {
      writeFileSync(MATRIX_FILE, JSON.stringify(matrix, null, 2) + '\n');
    }
  });

  test('matches the reviewed matrix committed beside this test (a new permission shows up as a diff)', () => {
    expect(matrix).toEqual(JSON.parse(readFileSync(MATRIX_FILE, 'utf8')));
  });

  const role = (prefix: string) => {
    const found = Object.keys(matrix.roles).filter((id) => id.startsWith(prefix));
    expect(found).toHaveLength(1);
    return matrix.roles[found[0]];
  };
  const onTable = (grants: string[], table: string) => grants.filter((grant) => grant.startsWith('dynamodb:') && grant.includes(` ${table}`));

  test('the query function can read findings but not write them', () => {
    expect(onTable(role('QueryServiceRole'), 'Findings').map((grant) => grant.split(' ')[0])).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  test('the ingest function can write findings but not read them', () => {
    expect(onTable(role('IngestServiceRole'), 'Findings').map((grant) => grant.split(' ')[0])).toEqual(['dynamodb:PutItem']);
  });

  test('neither function can touch the OU mapping table', () => {
    expect(onTable(role('QueryServiceRole'), 'ApiCertificateOuOuMapping')).toEqual([]);
    expect(onTable(role('IngestServiceRole'), 'ApiCertificateOuOuMapping')).toEqual([]);
  });

  test('the authorizer can only read the mapping and revocation tables', () => {
    const grants = role('ApiCertificateOuAuthorizerFunctionServiceRole').filter((grant) => grant.startsWith('dynamodb:'));
    expect(grants).toEqual([expect.stringMatching(/^dynamodb:GetItem ApiCertificateOuOuMapping/), expect.stringMatching(/^dynamodb:GetItem ApiCertificateOuRevocations/)]);
  });

  test('the truststore writer can put the truststore object, nothing else in any bucket, and use the DATA key only through S3', () => {
    const grants = role('ApiTruststoreWriterServiceRole');
    expect(grants.filter((grant) => grant.startsWith('s3:'))).toEqual([expect.stringMatching(/^s3:PutObject ApiTruststoreBucket[0-9A-F]{8}\/truststore\.pem$/)]);
    expect(grants.filter((grant) => grant.includes('KeysDataKey'))).toEqual(['kms:GenerateDataKey KeysDataKey8F3FE3A4 via s3']);
  });

  test('no role of the app can schedule key deletion, disable a key or replace its policy', () => {
    const sensitive = Object.values(matrix.roles).flat()
      .filter((grant) => /^kms:(ScheduleKeyDeletion|DisableKey|PutKeyPolicy) /.test(grant));
    expect(sensitive).toEqual([]);
  });

  test('every KMS use by a function goes through the service it is for', () => {
    const kms = Object.values(matrix.roles).flat().filter((grant) => grant.startsWith('kms:'));
    expect(kms.length).toBeGreaterThan(0);
    for (const grant of kms) {
      expect(grant).toMatch(/ via (dynamodb|sqs|logs|s3)$/);
    }
  });
});
