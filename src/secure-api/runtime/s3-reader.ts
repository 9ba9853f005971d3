// eslint-disable-next-line import/no-extraneous-dependencies -- the Lambda Node.js runtime provides the AWS SDK; esbuild leaves it external
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Reads one object whole; the real implementation wraps an S3 client (below), tests may stub it. */
export type GetObjectBytes = (bucket: string, key: string, abortSignal: AbortSignal) => Promise<Uint8Array>;

export const S3_CONNECTION_TIMEOUT_MILLIS = 1000;
export const S3_REQUEST_TIMEOUT_MILLIS = 3000;
export const S3_MAX_ATTEMPTS = 2;
/** Deadline of one CRL fetch, retries included. */
export const CRL_FETCH_TIMEOUT_MILLIS = 5000;
/** A CRL larger than this is refused unread: about 400,000 revoked serials, far past any CA of this API. */
export const MAX_CRL_BYTES = 16 * 1024 * 1024;

/** Thrown when an object is larger than {@link MAX_CRL_BYTES}. */
export class ObjectTooLargeError extends Error {
  constructor() {
    super('object too large');
    this.name = 'ObjectTooLarge';
  }
}

/**
 * GetObject through one client. Region, credentials and endpoint come from the Lambda
 * environment (tests point
 * `AWS_ENDPOINT_URL_S3` at a local S3 server on an IP address, which the SDK addresses path-style).
 */
export function s3Reader(): GetObjectBytes {
  const client = new S3Client({
    maxAttempts: S3_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: S3_CONNECTION_TIMEOUT_MILLIS,
      requestTimeout: S3_REQUEST_TIMEOUT_MILLIS,
    },
  });
  return async (bucket, key, abortSignal) => {
    const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
    if (!output.Body) {
      return new Uint8Array(0); // no CRL: refused as malformed
    }
    if ((output.ContentLength ?? 0) > MAX_CRL_BYTES) {
      (output.Body as { destroy?: () => void }).destroy?.();
      throw new ObjectTooLargeError();
    }
    const bytes = await output.Body.transformToByteArray();
    if (bytes.length > MAX_CRL_BYTES) {
      throw new ObjectTooLargeError();
    }
    return bytes;
  };
}
