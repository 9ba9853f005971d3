/**
 * The statements AWS itself requires with `Resource: '*'`, allowed by every `ScopedFunction`
 * without registration. Each carries the reason a reviewer reads, which is also the reason of
 * the cdk-nag acknowledgement the function adds for them.
 */
export interface BuiltInWildcardException {
  /** Actions that may be allowed on `*`. */
  readonly actions: ReadonlySet<string>;
  /** Why AWS leaves no narrower choice. */
  readonly reason: string;
}

/** X-Ray active tracing (added by lambda.Function when tracing is on). */
export const XRAY_TRACING: BuiltInWildcardException = {
  actions: new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
  reason: 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no ' +
    "resource-level permissions, so AWS requires Resource '*' for them (the X-Ray service authorization reference)",
};

/**
 * ENI management for a function placed in a VPC: what AWS's AWSLambdaVPCAccessExecutionRole
 * grants, minus its logs permissions (this function's log statements are scoped to its group).
 */
export const VPC_NETWORK_INTERFACES: BuiltInWildcardException = {
  actions: new Set([
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
  ]),
  reason: "Lambda VPC networking: Lambda creates, describes and deletes the function's network interfaces " +
    "with the execution role; ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets work only on Resource '*', " +
    'and the interface ids are unknown until Lambda creates them (the Lambda developer guide, configuration-vpc)',
};
