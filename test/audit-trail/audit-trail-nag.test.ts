import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { defaultTrail, encryptedTable, scopedFunction } from './fixtures';
import { AuditTrail, KeyPerUsePolicy } from '../../src';
import { SecureServerlessChecks } from '../../src/nag';
import { acknowledgementReasons, acknowledgements, allNagPacks, nagErrors, nagWarnings } from '../support/nag';

const everyPack = () => [...allNagPacks(), new SecureServerlessChecks()];

const REPLICATION = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3BucketReplicationEnabled`);
const KMS_DEFAULT_ENCRYPTION = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3DefaultEncryptionKMS`);
const OBJECT_LOCK = 'NIST.800.53.R4-S3BucketDefaultLockEnabled';
const PARTIAL_WILDCARDS = 'SecureServerless-IamPolicyNoPartialWildcards';
const STREAMS = 'arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:<AuditLogGroup4CD660E1>:log-stream:111111111111_CloudTrail_*';

/** Every acknowledgement an AuditTrail adds in its default configuration: pinned, so none is added silently. */
function expectedAcknowledgements(objectLocked = false): string[] {
  return [
    ...[...REPLICATION, ...KMS_DEFAULT_ENCRYPTION, OBJECT_LOCK].map((id) => `Test/Audit/AccessLogBucket: ${id}`),
    `Test/Audit/AccessLogBucket/Policy: ${PARTIAL_WILDCARDS}[Resource::<AuditAccessLogBucket9BF217B6.Arn>/trail-bucket/*]`,
    ...[...REPLICATION, ...(objectLocked ? [] : [OBJECT_LOCK])].map((id) => `Test/Audit/Bucket: ${id}`),
    `Test/Audit/Bucket/Policy: ${PARTIAL_WILDCARDS}[Resource::<AuditBucket7486E833.Arn>/AWSLogs/111111111111/*]`,
    `Test/Audit/LogsRole/Policy: AwsSolutions-IAM5[Resource::${STREAMS}]`,
    `Test/Audit/LogsRole/Policy: ${PARTIAL_WILDCARDS}[Resource::${STREAMS}]`,
  ].sort();
}

function ownAcknowledgements(stack: Stack): string[] {
  return acknowledgements(stack).filter((line) => line.startsWith('Test/Audit/'));
}

describe('AuditTrail under every cdk-nag pack', () => {
  test('the default configuration has no unacknowledged errors or warnings', () => {
    const { stack } = defaultTrail();
    expect(nagErrors(stack, everyPack())).toEqual([]);
    expect(nagWarnings(stack, everyPack())).toEqual([]);
  });

  test('nor with tables, functions and buckets registered, which then have no data-event gap', () => {
    const { stack, trail } = defaultTrail();
    trail.addDataEvents(encryptedTable(stack), scopedFunction(stack), trail.accessLogBucket);
    const ownOrDataEvents = (line: string) => line.includes(' @ Test/Audit/') || line.includes('DataEvents');
    expect(nagErrors(stack, everyPack()).filter(ownOrDataEvents)).toEqual([]);
    expect(nagWarnings(stack, everyPack()).filter(ownOrDataEvents)).toEqual([]);
  });

  test('nor with an explicit key or with Object Lock', () => {
    const withKey = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
    new AuditTrail(withKey, 'Audit', { encryptionKey: new kms.Key(withKey, 'Own', { enableKeyRotation: true }) });
    const locked = defaultTrail({ objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)) }).stack;
    for (const stack of [withKey, locked]) {
      const own = (line: string) => line.includes(' @ Test/Audit/');
      expect(nagErrors(stack, everyPack()).filter(own)).toEqual([]);
      expect(nagWarnings(stack, everyPack()).filter(own)).toEqual([]);
    }
  });

  test('nor in an environment-agnostic stack, where the account and region are tokens', () => {
    const stack = new Stack(new App(), 'Test');
    new AuditTrail(stack, 'Audit', { keys: new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [] }) });
    expect(nagErrors(stack, everyPack())).toEqual([]);
    expect(ownAcknowledgements(stack)).toContain(
      'Test/Audit/LogsRole/Policy: AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:' +
      'log-group:<AuditLogGroup4CD660E1>:log-stream:<AWS::AccountId>_CloudTrail_*]');
  });
});

describe('AuditTrail acknowledgements', () => {
  test('the exact list: one resource and one finding each', () => {
    const { stack } = defaultTrail();
    expect(ownAcknowledgements(stack)).toEqual(expectedAcknowledgements());
  });

  test('with Object Lock, the trail bucket needs no Object Lock acknowledgement', () => {
    const { stack } = defaultTrail({ objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)) });
    expect(ownAcknowledgements(stack)).toEqual(expectedAcknowledgements(true));
  });

  test('each carries a reason a reviewer can weigh', () => {
    const { stack } = defaultTrail();
    const reasons = Object.entries(acknowledgementReasons(stack)).filter(([line]) => line.startsWith('Test/Audit/'));
    expect(reasons).toHaveLength(expectedAcknowledgements().length);
    for (const [, reason] of reasons) {
      expect(reason.length).toBeGreaterThan(100);
    }
    expect(reasons.find(([line]) => line.includes('S3DefaultEncryptionKMS'))![1]).toMatch(/server access logs only to a bucket whose default encryption is SSE-S3/);
    expect(reasons.find(([line]) => line.includes('IAM5'))![1]).toMatch(/<account>_CloudTrail_<region>/);
  });
});
