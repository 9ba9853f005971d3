import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The role CloudTrail assumes to deliver events to the log group: it may create and write only
 * the log streams CloudTrail names `<account>_CloudTrail_<region>` in that one group, through a
 * customer-managed policy rather than an inline one.
 */
export class TrailLogsRole extends iam.Role {
  /** The policy holding the role's permissions. */
  public readonly policy: iam.ManagedPolicy;

  /** The log streams the role may write, as written in its policy. */
  public readonly logStreamArn: string;

  constructor(scope: Construct, id: string, logGroup: logs.ILogGroup) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
      description: `Lets CloudTrail deliver ${scope.node.path}'s events to its log group`,
    });
    const { partition, region, account } = Stack.of(this);
    this.logStreamArn =
      `arn:${partition}:logs:${region}:${account}:log-group:${logGroup.logGroupName}:log-stream:${account}_CloudTrail_*`;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `CloudTrail delivery to ${scope.node.path}'s log group`,
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logStreamArn],
      })],
      roles: [this],
    });
  }
}
