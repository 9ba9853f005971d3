import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IKeyPerUsePolicy } from '../key-per-use-policy';

/**
 * Properties of a `ScopedFunction`.
 */
export interface ScopedFunctionProps {
  /**
   * The function's code.
   */
  readonly code: lambda.Code;

  /**
   * The function's entry point, e.g. `index.handler`.
   */
  readonly handler: string;

  /**
   * The runtime. A runtime AWS Lambda no longer supports fails synthesis.
   *
   * @default - the newest Node.js runtime the installed aws-cdk-lib knows (`nodejs24.x` with 2.257)
   */
  readonly runtime?: lambda.Runtime;

  /**
   * Environment variables of the function. Don't put secrets here: they are visible to anyone
   * who can read the function's configuration.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * A description of the function.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Memory in MB, from 128 to 10240.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long one invocation may run, from 1 second to 15 minutes.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * The instruction set.
   *
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Concurrent executions reserved for (and capped at) this function: a whole number of at
   * least 1. Reserving takes capacity from the account's unreserved pool, which Lambda keeps at
   * 100 or more, so accounts with a low concurrency quota may need a smaller value.
   *
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * The keys the function's resources are encrypted with: the AUDIT key for its log group and
   * the MESSAGING key for its dead-letter queue. Either this or both `logKey` and
   * `deadLetterKey` must be given; an explicit key wins over the one from `keys`.
   *
   * @default - `logKey` and `deadLetterKey` are used
   */
  readonly keys?: IKeyPerUsePolicy;

  /**
   * The key that encrypts the function's log group. Its key policy must let CloudWatch Logs use it.
   *
   * @default - `keys.keyFor(KeyUse.AUDIT)`
   */
  readonly logKey?: kms.IKey;

  /**
   * The key that encrypts the function's dead-letter queue.
   *
   * @default - `keys.keyFor(KeyUse.MESSAGING)`
   */
  readonly deadLetterKey?: kms.IKey;

  /**
   * The key that encrypts the function's environment variables at rest. Lambda decrypts them
   * through a grant it creates when the function is deployed; the role needs no key permission.
   *
   * @default - `keys.keyFor(KeyUse.DATA)`
   */
  readonly environmentKey?: kms.IKey;

  /**
   * How long the function's log events are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * How long a failed asynchronous event stays in the dead-letter queue, from 1 minute to 14 days.
   *
   * @default Duration.days(14)
   */
  readonly deadLetterRetention?: Duration;

  /**
   * A VPC to place the function in. The function gets a security group of its own with no
   * inbound rules and only HTTPS (443) outbound, to the VPC's CIDR (interface endpoints) and to
   * the gateway endpoints in `gatewayEndpoints`; its role gets the ENI permissions Lambda needs.
   *
   * @default - the function runs outside any VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` the function's network interfaces go. Requires `vpc`.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Gateway VPC endpoints to create in `vpc` for this function: `GatewayVpcEndpointAwsService.DYNAMODB`
   * and/or `GatewayVpcEndpointAwsService.S3`. Each endpoint's policy allows only this function's
   * role, and only the actions and resources the role was granted for that service (read from
   * its policy at synthesis). A route table takes one endpoint per service, so give this to one
   * function per VPC (subnets). Requires `vpc` and a stack with a concrete account and region
   * (the service's prefix list is looked up for the security group's egress rule).
   *
   * @default - no endpoints are created
   */
  readonly gatewayEndpoints?: ec2.GatewayVpcEndpointAwsService[];
}
