import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The CloudTrail data resource types an `AuditTrail` records. */
export enum DataResourceType {
  DYNAMODB_TABLE = 'AWS::DynamoDB::Table',
  LAMBDA_FUNCTION = 'AWS::Lambda::Function',
  S3_OBJECT = 'AWS::S3::Object',
}

/** What a selector needs to know about one registered resource. */
export interface DataEventTarget {
  readonly type: DataResourceType;
  /** The value of the `resources.ARN` condition. */
  readonly arn: string;
  /** Whether `arn` is a prefix (`StartsWith`) rather than the exact ARN (`Equals`). */
  readonly isPrefix: boolean;
}

/**
 * The data-event target of a construct, found by shape so that any table (`EncryptedTable`,
 * `dynamodb.Table`, `TableV2`, imported tables), any `lambda.IFunction`, any `s3.IBucket`, and
 * any construct exposing its function as `function` (`ScopedFunction`) work without this module
 * depending on each class. Undefined for anything else.
 */
export function dataEventTargetOf(resource: IConstruct): DataEventTarget | undefined {
  const shape = resource as unknown as Record<string, unknown>;
  if (isString(shape.tableArn)) {
    return { type: DataResourceType.DYNAMODB_TABLE, arn: shape.tableArn, isPrefix: false };
  }
  if (isString(shape.functionArn)) {
    return { type: DataResourceType.LAMBDA_FUNCTION, arn: shape.functionArn, isPrefix: false };
  }
  if (isString(shape.bucketArn)) {
    // Object-level events name the object's ARN: `<bucket ARN>/<key>`.
    return { type: DataResourceType.S3_OBJECT, arn: `${shape.bucketArn}/`, isPrefix: true };
  }
  const wrapped = shape.function as Record<string, unknown> | undefined;
  if (wrapped && typeof wrapped === 'object' && isString(wrapped.functionArn)) {
    return { type: DataResourceType.LAMBDA_FUNCTION, arn: wrapped.functionArn, isPrefix: false };
  }
  return undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && (Token.isUnresolved(value) || value.startsWith('arn:'));
}
