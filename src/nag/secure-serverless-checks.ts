import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import {
  ApiGwApiKeyNotSoleAuthorization,
  ApiGwAuthorizerCacheKey,
  ApiGwAuthorizerCaching,
  ApiGwDomainTls12,
  ApiGwExecuteApiEndpointClosedWithMtls,
  ApiGwMethodAuthorization,
  DynamoDbTableCmkEncryption,
  DynamoDbTableDataEvents,
  IamPolicyNoFullWildcards,
  IamPolicyNoPartialWildcards,
  KinesisStreamCmkEncryption,
  KmsKeyDeletionGuard,
  KmsKeyRotation,
  LambdaFunctionDataEvents,
  LogGroupCmkEncryption,
  S3BucketCmkEncryption,
  SnsTopicCmkEncryption,
  SqsQueueCmkEncryption,
} from './rules';

/**
 * The serverless security patterns of cdk-secure-serverless as a cdk-nag v3 rule pack, for
 * any CDK app, including resources this library didn't make: authorizers on every API method,
 * no wildcard permissions, customer-managed keys for data at rest, guarded and rotated keys,
 * TLS 1.2 and no mTLS bypass on custom domains, CloudTrail data events for tables and
 * functions, and Lambda authorizer caching keyed on the caller.
 *
 * Rule ids are `SecureServerless-<Rule>`; rules about policy statements report one finding per
 * wildcard (`SecureServerless-IamPolicyNoFullWildcards[Resource::*]`). A value a rule can't
 * read at synth time (a template parameter, a condition) is reported as a finding of that rule,
 * never taken as compliant; `verbose: true` says which value and why.
 *
 * Acknowledge a finding on the resource or an ancestor with
 * `Validations.of(construct).acknowledge({ id, reason })`. That call rejects ids with more than
 * one `::` (most ids that carry an ARN; cdk-nag issues 2351 and 2359); for those, add the same
 * entry to the construct's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY` metadata, which is
 * what the pack reads.
 *
 * @example
 * Validations.of(app).addPlugins(new SecureServerlessChecks(app));
 */
export class SecureServerlessChecks extends NagPack {
  /** The pack's name, the prefix of its rule ids. */
  public readonly name = 'SecureServerless';

  /**
   * @param scope the app, needed only with `writeSuppressionsToCloudFormation`
   * @param props cdk-nag pack options
   */
  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'SecureServerless';
  }

  protected checkResource(node: CfnResource): void {
    this.checkApiGateway(node);
    this.checkIam(node);
    this.checkEncryptionAtRest(node);
    this.checkKms(node);
    this.checkDataEvents(node);
  }

  private checkApiGateway(node: CfnResource): void {
    this.applyRule({
      info: 'The API Gateway method has no authorizer (AuthorizationType NONE) and is not a CORS preflight.',
      explanation: 'Every route must say who may call it. Use IAM, a Cognito user pool or a Lambda authorizer; only OPTIONS preflights answered by a mock integration may be open.',
      level: NagMessageLevel.ERROR,
      rule: ApiGwMethodAuthorization,
      node,
    });
    this.applyRule({
      info: 'The API Gateway method relies on an API key alone (ApiKeyRequired with AuthorizationType NONE).',
      explanation: 'API keys identify a usage plan for throttling and quotas; they are not credentials. They travel in a header, are shared and rarely rotated. Add an authorizer.',
      level: NagMessageLevel.ERROR,
      rule: ApiGwApiKeyNotSoleAuthorization,
      node,
    });
    this.applyRule({
      info: 'The Lambda authorizer does not cache its decisions (AuthorizerResultTtlInSeconds is 0).',
      explanation: 'Without caching every request invokes the authorizer and whatever it reads (certificate mappings, tables), adding latency and cost and letting a burst of requests exhaust its concurrency. Cache for a few minutes at most, keyed on the caller.',
      level: NagMessageLevel.WARN,
      rule: ApiGwAuthorizerCaching,
      node,
    });
    this.applyRule({
      info: 'The REQUEST Lambda authorizer caches decisions under identity sources that do not distinguish callers.',
      explanation: 'API Gateway caches an authorizer decision under the values of its identity sources. If none of them differs between callers (only stage variables or request-independent context), one caller\'s Allow is served to the next. Include a header, query string or context.identity value that identifies the caller, or turn caching off.',
      level: NagMessageLevel.ERROR,
      rule: ApiGwAuthorizerCacheKey,
      node,
    });
    this.applyRule({
      info: 'The API Gateway custom domain does not enforce TLS 1.2 or later.',
      explanation: 'Without SecurityPolicy TLS_1_2 (or an enhanced TLS 1.2/1.3 policy) API Gateway accepts TLS 1.0 and 1.1, which are deprecated and open to downgrade attacks.',
      level: NagMessageLevel.ERROR,
      rule: ApiGwDomainTls12,
      node,
    });
    this.applyRule({
      info: 'The REST API is mapped to a mutual-TLS custom domain but keeps its default execute-api endpoint open.',
      explanation: 'Mutual TLS is enforced only on the custom domain. While the default execute-api endpoint is enabled, callers can reach the API there without a client certificate. Set DisableExecuteApiEndpoint to true.',
      level: NagMessageLevel.ERROR,
      rule: ApiGwExecuteApiEndpointClosedWithMtls,
      node,
    });
  }

  private checkIam(node: CfnResource): void {
    this.applyRule({
      info: 'The policy allows a full wildcard: Action "*" or "service:*", Resource "*", NotAction or NotResource.',
      explanation: 'Least privilege means naming the actions and the resources a principal needs. Whole-service actions include administrative and destructive ones, and "*" resources reach every resource of the account, including those created later. In KMS key policies Resource "*" means the key itself and is not reported.',
      level: NagMessageLevel.ERROR,
      rule: IamPolicyNoFullWildcards,
      node,
    });
    this.applyRule({
      info: 'The policy allows a partial wildcard: an action prefix such as "s3:Get*" or a resource pattern.',
      explanation: 'Action prefixes grant whatever actions the service adds later, and resource patterns may reach more than intended. Prefer exact actions and resources; acknowledge each pattern that is really meant (objects under a prefix) with its reason.',
      level: NagMessageLevel.WARN,
      rule: IamPolicyNoPartialWildcards,
      node,
    });
  }

  private checkEncryptionAtRest(node: CfnResource): void {
    const explanation = 'A customer-managed KMS key puts access to the data under a key policy the account controls and audits, can be disabled to cut off access, and is rotated on the account\'s terms. AWS owned and AWS managed keys (alias/aws/...) give none of that.';
    this.applyRule({
      info: 'The DynamoDB table is not encrypted with a customer-managed KMS key.',
      explanation,
      level: NagMessageLevel.ERROR,
      rule: DynamoDbTableCmkEncryption,
      node,
    });
    this.applyRule({
      info: 'The SQS queue is not encrypted with a customer-managed KMS key.',
      explanation,
      level: NagMessageLevel.ERROR,
      rule: SqsQueueCmkEncryption,
      node,
    });
    this.applyRule({
      info: 'The SNS topic is not encrypted with a customer-managed KMS key.',
      explanation,
      level: NagMessageLevel.ERROR,
      rule: SnsTopicCmkEncryption,
      node,
    });
    this.applyRule({
      info: 'The Kinesis data stream is not encrypted with a customer-managed KMS key.',
      explanation,
      level: NagMessageLevel.ERROR,
      rule: KinesisStreamCmkEncryption,
      node,
    });
    this.applyRule({
      info: 'The S3 bucket is not encrypted by default with a customer-managed KMS key.',
      explanation: `${explanation} Buckets that receive S3 server access logs are exempt: S3 delivers access logs only to SSE-S3 buckets.`,
      level: NagMessageLevel.ERROR,
      rule: S3BucketCmkEncryption,
      node,
    });
    this.applyRule({
      info: 'The CloudWatch Logs log group is not encrypted with a customer-managed KMS key.',
      explanation,
      level: NagMessageLevel.ERROR,
      rule: LogGroupCmkEncryption,
      node,
    });
  }

  private checkKms(node: CfnResource): void {
    this.applyRule({
      info: 'The symmetric KMS key does not have automatic rotation enabled.',
      explanation: 'Rotation limits how much data one key version protects and how long a leaked version stays useful. KMS keeps old versions to decrypt old data, so rotation is transparent.',
      level: NagMessageLevel.ERROR,
      rule: KmsKeyRotation,
      node,
    });
    this.applyRule({
      info: 'The KMS key policy lets the whole account schedule the key\'s deletion, with no Deny of kms:ScheduleKeyDeletion.',
      explanation: 'A key policy that allows the account root (or "*") kms:* delegates key deletion to any IAM principal granted it. Deleting a key destroys every piece of data encrypted under it. Deny kms:ScheduleKeyDeletion (and the other destructive administration) to all but the named key administrators.',
      level: NagMessageLevel.ERROR,
      rule: KmsKeyDeletionGuard,
      node,
    });
  }

  private checkDataEvents(node: CfnResource): void {
    this.applyRule({
      info: 'The DynamoDB table is not covered by a CloudTrail data-event selector in this app.',
      explanation: 'Without DynamoDB data events CloudTrail records who changed the table\'s settings but not who read or wrote its items. Add the table to a trail\'s (advanced) event selectors. Acknowledge this warning if an organization trail outside the app records them.',
      level: NagMessageLevel.WARN,
      rule: DynamoDbTableDataEvents,
      node,
    });
    this.applyRule({
      info: 'The Lambda function is not covered by a CloudTrail data-event selector in this app.',
      explanation: 'Without Lambda data events CloudTrail does not record who invoked the function. Add the function to a trail\'s (advanced) event selectors. Acknowledge this warning if an organization trail outside the app records them.',
      level: NagMessageLevel.WARN,
      rule: LambdaFunctionDataEvents,
      node,
    });
  }
}
