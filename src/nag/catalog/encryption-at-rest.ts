import { NagMessageLevel } from 'cdk-nag';
import { AwsDocPage, RuleEntry } from '../private/rule-entry';
import {
  DynamoDbTableCmkEncryption,
  KinesisStreamCmkEncryption,
  LogGroupCmkEncryption,
  S3BucketCmkEncryption,
  SnsTopicCmkEncryption,
  SqsQueueCmkEncryption,
} from '../rules';

const RISK = 'A customer-managed KMS key puts access to the data under a key policy the account controls and audits, can be disabled to cut off access, and is rotated on the account\'s terms; AWS owned and AWS managed keys (alias/aws/...) give none of that.';

function cmkRule(rule: RuleEntry['rule'], what: string, fixWithThisLibrary: string, fixWithAwsCdkLib: string, awsDoc: AwsDocPage, extraRisk = ''): RuleEntry {
  return {
    rule,
    level: NagMessageLevel.ERROR,
    info: `The ${what} is not encrypted with a customer-managed KMS key.`,
    help: { risk: `${RISK}${extraRisk}`, fixWithThisLibrary, fixWithAwsCdkLib, awsDoc },
  };
}

/** The encryption-at-rest rules: data stores on a customer-managed KMS key. */
export const ENCRYPTION_AT_REST_RULES: RuleEntry[] = [
  cmkRule(DynamoDbTableCmkEncryption, 'DynamoDB table',
    'EncryptedTable encrypts with the DATA key of a KeyPerUsePolicy (or a key you pass).',
    'set encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED with encryptionKey on the Table (SSESpecification with SSEEnabled and KMSMasterKeyId).',
    { title: 'DynamoDB encryption at rest', url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html' }),
  cmkRule(SqsQueueCmkEncryption, 'SQS queue',
    'ScopedFunction\'s dead-letter queue uses the MESSAGING key; pass KeyPerUsePolicy.keyFor(KeyUse.MESSAGING) to your own queues.',
    'set encryption: sqs.QueueEncryption.KMS with encryptionMasterKey on the Queue (KmsMasterKeyId).',
    { title: 'Encryption at rest in Amazon SQS', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html' }),
  cmkRule(SnsTopicCmkEncryption, 'SNS topic',
    'pass KeyPerUsePolicy.keyFor(KeyUse.MESSAGING) as the topic\'s key.',
    'set masterKey on the sns.Topic (KmsMasterKeyId).',
    { title: 'Securing Amazon SNS data with server-side encryption', url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html' }),
  cmkRule(KinesisStreamCmkEncryption, 'Kinesis data stream',
    'pass KeyPerUsePolicy.keyFor(KeyUse.MESSAGING) as the stream\'s key.',
    'set encryption: kinesis.StreamEncryption.KMS with encryptionKey on the Stream (StreamEncryption with KeyId).',
    { title: 'Data protection in Amazon Kinesis Data Streams', url: 'https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html' }),
  cmkRule(S3BucketCmkEncryption, 'S3 bucket',
    'AuditTrail\'s buckets use the AUDIT key; pass KeyPerUsePolicy.keyFor(KeyUse.DATA) to your own buckets.',
    'set encryption: s3.BucketEncryption.KMS with encryptionKey on the Bucket (ServerSideEncryptionByDefault with SSEAlgorithm aws:kms and KMSMasterKeyID).',
    { title: 'Using server-side encryption with AWS KMS keys (SSE-KMS)', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html' },
    ' Buckets that receive S3 server access logs are exempt: S3 delivers access logs only to SSE-S3 buckets.'),
  cmkRule(LogGroupCmkEncryption, 'CloudWatch Logs log group',
    'ScopedFunction, SecureApi and AuditTrail encrypt their log groups with the AUDIT key.',
    'set encryptionKey on the logs.LogGroup (KmsKeyId), with a key policy that lets logs.<region>.amazonaws.com use it.',
    { title: 'Encrypt log data in CloudWatch Logs using AWS Key Management Service', url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html' }),
];
