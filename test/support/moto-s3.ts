import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { canConnect, freePort, sleep, terminate } from './dynamodb-local';

/**
 * A real local S3 endpoint for tests: moto's server (PyPI `moto[server]`, pinned in
 * test/compliance/requirements.txt and installed into .work/venv by scripts/python-tools.sh),
 * in memory on a free loopback port. Nothing here talks to AWS.
 */
export interface MotoS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** A client for seeding buckets and objects. */
  readonly client: S3Client;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..');
const START_TIMEOUT_MILLIS = 60_000;

/** The environment a Lambda handler's default S3 client needs to reach the local server. */
export function localS3Environment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Starts moto's S3 server, creating the venv first when needed. */
export async function startMotoS3(): Promise<MotoS3> {
  const bin = execFileSync(join(ROOT, 'scripts', 'python-tools.sh'), { encoding: 'utf8' }).trim();
  const port = await freePort();
  const server = spawn(join(bin, 'moto_server'), ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const stop = async () => {
    client.destroy();
    process.removeListener('exit', killOnExit);
    await terminate(server);
  };
  const deadline = Date.now() + START_TIMEOUT_MILLIS;
  while (!(await canConnect(port))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not listen on port ${port}: ${output}`);
    }
    await sleep(100);
  }
  const buckets = new Set<string>();
  return {
    endpoint,
    client,
    stop,
    async put(bucket, key, body) {
      if (!buckets.has(bucket)) {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        buckets.add(bucket);
      }
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
  };
}
