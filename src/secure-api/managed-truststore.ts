import { CustomResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeS3ManagedTruststore, acknowledgeTruststoreFindings } from './nag-acknowledgements';
import { validTruststoreBundle } from './truststore-bundle';
import { IKeyPerUsePolicy, KeyUse } from '../key-per-use-policy';
import {
  ABORT_INCOMPLETE_UPLOADS, acknowledgeAccessLogBucket, createAccessLogBucket, HARDENED_BUCKET, logAccessTo,
} from '../private/access-logged-buckets';
import { ANSWER_CLOUDFORMATION } from '../private/custom-resource-answer';
import { requireProp } from '../private/errors';
import { ScopedFunction } from '../scoped-function';

/** The truststore's object key in its bucket. */
const OBJECT_KEY = 'truststore.pem';

/**
 * Why an inline writer on a ScopedFunction: it answers CloudFormation with the version id S3
 * returns for the PutObject, which is what the domain must pin, holding only `s3:PutObject` on
 * the one object and `kms:GenerateDataKey` through S3. aws-cdk-lib's BucketDeployment returns no
 * version id and its handler role gets wildcard object actions on the bucket and an AWS-managed
 * policy; AwsCustomResource returns the version id but its provider function carries the
 * AWS-managed basic execution policy. Both would add findings to acknowledge for less control.
 *
 * Writes the CA bundle to the truststore's key on create and update and answers with the new
 * object version's id, which the domain pins. A bucket that answers without a version id (not
 * versioned) fails the deployment rather than leaving the domain unpinned. On delete it removes
 * nothing: the bucket is retained, and its versions are the truststore's history.
 */
export const TRUSTSTORE_WRITER_HANDLER = `
const https = require('node:https');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const client = new S3Client({});

exports.handler = async (event, context) => {
  let status = 'SUCCESS';
  let reason = 'Truststore written';
  let data;
  try {
    if (event.RequestType !== 'Delete') {
      const properties = event.ResourceProperties;
      const written = await client.send(new PutObjectCommand({
        Bucket: properties.BucketName,
        Key: properties.ObjectKey,
        Body: properties.Pem,
        ContentType: 'application/x-pem-file',
      }));
      if (!written.VersionId || written.VersionId === 'null') {
        throw Object.assign(new Error('no version id'), { name: 'BucketNotVersioned' });
      }
      data = { VersionId: written.VersionId };
    }
  } catch (error) {
    status = 'FAILED';
    reason = 'Writing the truststore failed (' + (error && error.name) + '); see ' + context.logStreamName;
  }
  await answer(event, status, reason, data);
};
${ANSWER_CLOUDFORMATION}`;

/**
 * Properties of a `ManagedTruststore`.
 */
export interface ManagedTruststoreProps {
  /**
   * The PEM text of the CA certificates that issue your client certificates (a file's contents,
   * e.g. `fs.readFileSync('truststore.pem', 'utf8')`). Checked at synthesis: only CA
   * certificates, none expired, keys of RSA-2048/ECDSA-256 or stronger. The certificates are
   * public; the bundle is written into the template and the bucket.
   */
  readonly truststorePem: string;

  /**
   * The keys: the bucket is encrypted with the `DATA` key.
   */
  readonly keys: IKeyPerUsePolicy;

  /**
   * Encrypts the truststore bucket with S3-managed keys (SSE-S3) instead of the `DATA` key, for
   * the reason given, which is recorded as the acknowledgement of the packs' KMS-encryption
   * findings on the bucket. The fallback for an account where API Gateway cannot read the
   * truststore through the deployer's KMS permissions (see the class documentation): the
   * bundle holds only public CA certificates, so what SSE-KMS adds here is the key policy's
   * control of who can read them, not their secrecy. Versioning, TLS-only access, blocked
   * public access and the pinned version are kept.
   *
   * @default - SSE-KMS with the `DATA` key
   */
  readonly unsafeS3ManagedEncryptionReason?: string;
}

/**
 * A mutual TLS truststore the construct owns: the CA bundle in a bucket of its own (SSE-KMS with
 * the DATA key, versioned, TLS-only, public access blocked, server access logged, retained),
 * written at deploy time by a function allowed only `s3:PutObject` on the truststore's key.
 * `versionId` is the version that deployment wrote, so a domain pinned to it changes CAs only
 * when a deployment changes the bundle: a CA rotation is a reviewed change, and an object
 * uploaded to the key by hand is never picked up.
 *
 * API Gateway reads the truststore with the permissions of whoever creates or updates the domain
 * ("To update the truststore, you must have permissions to access the S3 object",
 * AWS::ApiGateway::DomainName MutualTlsAuthentication), and S3 decrypts an SSE-KMS object with
 * the same caller's KMS permissions through a forward access session ("FAS is used by Amazon S3
 * to make calls to AWS Key Management Service to decrypt an object when SSE-KMS was used",
 * IAM User Guide, Forward access sessions). So SSE-KMS with a customer-managed key works, and the
 * role that deploys the stack (CloudFormation's execution role) needs `s3:GetObject` and
 * `s3:GetObjectVersion` on the object and `kms:Decrypt` with the DATA key, which the
 * KeyPerUsePolicy key policy lets IAM delegate. No AWS page states the API Gateway side of this
 * and only a deployment can show it, so `unsafeS3ManagedEncryptionReason` is the documented,
 * tested fallback: SSE-S3, which needs no KMS permission from anyone.
 */
export class ManagedTruststore extends Construct {
  /** The bucket holding the truststore. */
  public readonly bucket: s3.Bucket;

  /** The bucket receiving the truststore bucket's server access logs (SSE-S3, as S3 requires). */
  public readonly accessLogBucket: s3.Bucket;

  /** The truststore's object key. */
  public readonly objectKey: string = OBJECT_KEY;

  /** The object version this deployment wrote (a token): the version a domain pins. */
  public readonly versionId: string;

  /** The function that writes the truststore at deploy time. */
  public readonly writerFunction: ScopedFunction;

  constructor(scope: Construct, id: string, props: ManagedTruststoreProps) {
    super(scope, id);
    const pem = validTruststoreBundle(this, 'truststorePem', props.truststorePem);
    const s3ManagedReason = props.unsafeS3ManagedEncryptionReason;
    requireProp('ManagedTruststore.EmptyS3ManagedEncryptionReason', s3ManagedReason === undefined || s3ManagedReason.trim().length > 0, this,
      'unsafeS3ManagedEncryptionReason', 'the reason is empty', 'say why the truststore cannot be encrypted with the DATA key, or leave the prop out');
    const key = s3ManagedReason === undefined ? props.keys.keyFor(KeyUse.DATA) : undefined;

    this.accessLogBucket = createAccessLogBucket(this, 'AccessLogBucket');
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED_BUCKET,
      ...(key ? { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true } : { encryption: s3.BucketEncryption.S3_MANAGED }),
      lifecycleRules: [ABORT_INCOMPLETE_UPLOADS],
    });
    logAccessTo(this.bucket, { accessLogBucket: this.accessLogBucket, prefix: 'truststore-bucket/', sid: 'AllowServerAccessLogsOfTheTruststoreBucket' });

    this.writerFunction = new ScopedFunction(this, 'Writer', {
      code: lambda.Code.fromInline(TRUSTSTORE_WRITER_HANDLER),
      handler: 'index.handler',
      keys: props.keys,
      description: `Writes the mutual TLS truststore of ${this.node.path}`,
    });
    this.writerFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(OBJECT_KEY)],
    }));
    if (key) {
      // SSE-KMS uploads need kms:GenerateDataKey ("Using server-side encryption with AWS KMS keys",
      // Amazon S3 User Guide), here only through S3 in this region.
      this.writerFunction.addToRolePolicy(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.writerFunction.functionArn,
      resourceType: 'Custom::Truststore',
      properties: { BucketName: this.bucket.bucketName, ObjectKey: OBJECT_KEY, Pem: pem },
    });
    // The writer must hold its permissions before CloudFormation invokes it.
    resource.node.addDependency(this.writerFunction.policy);
    this.versionId = resource.getAttString('VersionId');

    acknowledgeAccessLogBucket(this.accessLogBucket, 'the truststore bucket');
    acknowledgeTruststoreFindings(this.bucket, this.accessLogBucket);
    if (s3ManagedReason !== undefined) {
      acknowledgeS3ManagedTruststore(this.bucket, s3ManagedReason);
    }
  }
}
