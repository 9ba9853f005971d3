import { randomUUID } from 'node:crypto';
import { TRUSTSTORE_WRITER_HANDLER } from '../../src/secure-api/managed-truststore';
import { runInlineHandler } from '../support/inline-handler';

/**
 * The inline truststore writer as CloudFormation runs it. `@aws-sdk/client-s3` is not a
 * dependency of this package (the Lambda Node.js runtime provides it), so S3 is modelled here
 * from the PutObject API reference: "If you enable versioning for a bucket, Amazon S3
 * automatically generates a unique version ID for the object being stored. Amazon S3 returns
 * this ID in the response" (x-amz-version-id); an unversioned bucket returns none.
 */
interface StoredVersion { readonly versionId: string; readonly body: string; readonly contentType?: string }

class ModelS3 {
  public readonly objects = new Map<string, StoredVersion[]>();
  constructor(private readonly versioned: Set<string>, private readonly failWith?: Error) {}

  public module() {
    const s3 = this;
    return {
      PutObjectCommand: class { constructor(public readonly input: any) {} },
      S3Client: class {
        public async send(command: { input: any }) {
          if (s3.failWith) {
            throw s3.failWith;
          }
          const { Bucket, Key, Body, ContentType } = command.input;
          const versionId = s3.versioned.has(Bucket) ? randomUUID().replace(/-/g, '') : 'null';
          const key = `${Bucket}/${Key}`;
          s3.objects.set(key, [...(s3.objects.get(key) ?? []), { versionId, body: Body, contentType: ContentType }]);
          return s3.versioned.has(Bucket) ? { VersionId: versionId } : {};
        }
      },
    };
  }
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const NEXT_PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
const properties = (pem: string, bucket = 'truststore-bucket') => ({ BucketName: bucket, ObjectKey: 'truststore.pem', Pem: pem });

function run(s3: ModelS3, event: Record<string, unknown>): Promise<any> {
  return runInlineHandler(TRUSTSTORE_WRITER_HANDLER, { '@aws-sdk/client-s3': s3.module() }, event);
}

describe('the truststore writer', () => {
  test('Create writes the bundle and answers with the version it wrote', async () => {
    const s3 = new ModelS3(new Set(['truststore-bucket']));
    const answer = await run(s3, { RequestType: 'Create', ResourceProperties: properties(PEM) });
    const [stored] = s3.objects.get('truststore-bucket/truststore.pem')!;
    expect(stored).toEqual({ versionId: expect.any(String), body: PEM, contentType: 'application/x-pem-file' });
    expect(answer).toMatchObject({ method: 'PUT', Status: 'SUCCESS', PhysicalResourceId: 'Seed', Data: { VersionId: stored.versionId } });
  });

  test('Update (a rotated bundle) writes a new version and answers with it; the old version stays', async () => {
    const s3 = new ModelS3(new Set(['truststore-bucket']));
    const created = await run(s3, { RequestType: 'Create', ResourceProperties: properties(PEM) });
    const updated = await run(s3, {
      RequestType: 'Update', ResourceProperties: properties(NEXT_PEM), OldResourceProperties: properties(PEM), PhysicalResourceId: 'Seed',
    });
    const versions = s3.objects.get('truststore-bucket/truststore.pem')!;
    expect(versions.map((version) => version.body)).toEqual([PEM, NEXT_PEM]);
    expect(updated.Data.VersionId).toBe(versions[1].versionId);
    expect(updated.Data.VersionId).not.toBe(created.Data.VersionId);
    expect(updated.PhysicalResourceId).toBe('Seed');
  });

  test('Delete writes and removes nothing (the retained bucket keeps the history)', async () => {
    const s3 = new ModelS3(new Set(['truststore-bucket']));
    const answer = await run(s3, { RequestType: 'Delete', ResourceProperties: properties(PEM), PhysicalResourceId: 'Seed' });
    expect(s3.objects.size).toBe(0);
    expect(answer).toMatchObject({ Status: 'SUCCESS' });
    expect(answer.Data).toBeUndefined();
  });

  test('an unversioned bucket fails the deployment rather than leave the domain unpinned', async () => {
    const s3 = new ModelS3(new Set());
    const answer = await run(s3, { RequestType: 'Create', ResourceProperties: properties(PEM, 'plain-bucket') });
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'Writing the truststore failed (BucketNotVersioned); see log-stream' });
    expect(answer.Data).toBeUndefined();
  });

  test('an S3 error fails the deployment, naming the error but not its message', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::111111111111:assumed-role/x is not authorized'), { name: 'AccessDenied' });
    const answer = await run(new ModelS3(new Set(['truststore-bucket']), denied), { RequestType: 'Create', ResourceProperties: properties(PEM) });
    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'Writing the truststore failed (AccessDenied); see log-stream' });
    expect(JSON.stringify(answer)).not.toContain('assumed-role');
  });
});
