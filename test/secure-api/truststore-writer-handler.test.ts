import * as s3sdk from '@aws-sdk/client-s3';
import { CreateBucketCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { TRUSTSTORE_WRITER_HANDLER } from '../../src/secure-api/managed-truststore';
import { runInlineHandler } from '../support/inline-handler';
import { localS3Environment, MotoS3, startMotoS3 } from '../support/moto-s3';

/**
 * The inline truststore writer as CloudFormation runs it, against a real local S3 endpoint
 * (moto's server on loopback) through the real `@aws-sdk/client-s3` the Lambda Node.js runtime
 * provides. The one stub below only injects a fault (access denied), which moto can't be made
 * to answer without IAM enforcement.
 */
const VERSIONED = 'truststore-bucket';
const UNVERSIONED = 'plain-bucket';
const KEY = 'truststore.pem';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const NEXT_PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
const properties = (pem: string, bucket = VERSIONED) => ({ BucketName: bucket, ObjectKey: KEY, Pem: pem });

let moto: MotoS3;
const savedEnvironment = { ...process.env };

beforeAll(async () => {
  moto = await startMotoS3();
  // The handler builds its client as a Lambda function would, from the environment.
  Object.assign(process.env, localS3Environment(moto.endpoint));
  await moto.client.send(new CreateBucketCommand({ Bucket: VERSIONED }));
  await moto.client.send(new PutBucketVersioningCommand({ Bucket: VERSIONED, VersioningConfiguration: { Status: 'Enabled' } }));
  await moto.client.send(new CreateBucketCommand({ Bucket: UNVERSIONED }));
}, 120_000);

afterAll(async () => {
  process.env = savedEnvironment;
  await moto?.stop();
});

function run(event: Record<string, unknown>, sdk: unknown = s3sdk): Promise<any> {
  return runInlineHandler(TRUSTSTORE_WRITER_HANDLER, { '@aws-sdk/client-s3': sdk }, event);
}

async function versionsOf(bucket: string): Promise<string[]> {
  const listed = await moto.client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: KEY }));
  return (listed.Versions ?? []).map((version) => version.VersionId!);
}

async function bodyOf(bucket: string, versionId: string): Promise<{ body: string; contentType?: string }> {
  const object = await moto.client.send(new GetObjectCommand({ Bucket: bucket, Key: KEY, VersionId: versionId }));
  return { body: await object.Body!.transformToString(), contentType: object.ContentType };
}

describe('the truststore writer against a local S3 endpoint', () => {
  test('Create writes the bundle and answers with the version S3 stored', async () => {
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties(PEM) });
    expect(answer).toMatchObject({ method: 'PUT', Status: 'SUCCESS', PhysicalResourceId: 'Seed', Data: { VersionId: expect.any(String) } });
    expect(await versionsOf(VERSIONED)).toContain(answer.Data.VersionId);
    expect(await bodyOf(VERSIONED, answer.Data.VersionId)).toEqual({ body: PEM, contentType: 'application/x-pem-file' });
  });

  test('Update (a rotated bundle) writes a new version and answers with it; the old version stays readable', async () => {
    const created = await run({ RequestType: 'Create', ResourceProperties: properties(PEM) });
    const updated = await run({
      RequestType: 'Update', ResourceProperties: properties(NEXT_PEM), OldResourceProperties: properties(PEM), PhysicalResourceId: 'Seed',
    });
    expect(updated).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'Seed' });
    expect(updated.Data.VersionId).not.toBe(created.Data.VersionId);
    expect((await bodyOf(VERSIONED, updated.Data.VersionId)).body).toBe(NEXT_PEM);
    expect((await bodyOf(VERSIONED, created.Data.VersionId)).body).toBe(PEM);
  });

  test('Delete writes and removes nothing (the retained bucket keeps the history)', async () => {
    const before = await versionsOf(VERSIONED);
    const answer = await run({ RequestType: 'Delete', ResourceProperties: properties(PEM), PhysicalResourceId: 'Seed' });
    expect(answer).toMatchObject({ Status: 'SUCCESS' });
    expect(answer.Data).toBeUndefined();
    expect(await versionsOf(VERSIONED)).toEqual(before);
  });

  test('an unversioned bucket fails the deployment rather than leave the domain unpinned', async () => {
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties(PEM, UNVERSIONED) });
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'Writing the truststore failed (BucketNotVersioned); see log-stream' });
    expect(answer.Data).toBeUndefined();
  });

  test('a missing bucket fails the deployment, naming the S3 error', async () => {
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties(PEM, 'no-such-bucket') });
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'Writing the truststore failed (NoSuchBucket); see log-stream' });
  });

  test('an S3 error fails the deployment, naming the error but not its message (fault injected)', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::111111111111:assumed-role/x is not authorized'), { name: 'AccessDenied' });
    const failing = { ...s3sdk, S3Client: class { public async send(): Promise<never> { throw denied; } } };
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties(PEM) }, failing);
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'Writing the truststore failed (AccessDenied); see log-stream' });
    expect(JSON.stringify(answer)).not.toContain('assumed-role');
  });
});
