import { Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The statements of a managed policy that allow actions of one service (`dynamodb`, `s3`),
 * resolved, with the other services' actions dropped.
 */
export function grantedStatementsFor(policy: iam.ManagedPolicy, service: string): any[] {
  const document = Stack.of(policy).resolve(policy.document);
  const statements: any[] = [];
  for (const statement of document?.Statement ?? []) {
    if ((statement.Effect ?? 'Allow') !== 'Allow' || statement.Action === undefined) {
      continue;
    }
    const actions = ([] as any[]).concat(statement.Action)
      .filter((action) => typeof action === 'string' && action.toLowerCase().startsWith(`${service}:`));
    if (actions.length > 0) {
      statements.push({ Action: actions, Resource: statement.Resource });
    }
  }
  return statements;
}

/**
 * Makes a gateway endpoint's policy allow only what a role's managed policy allows for the
 * endpoint's service, and only to that role: the seed's VPC endpoint policy. The statements are
 * read at synthesis, so grants made after the function was created are included. Gateway
 * endpoints match callers through `aws:PrincipalArn`, not the `Principal` element.
 */
export function restrictEndpointPolicy(endpoint: ec2.GatewayVpcEndpoint, service: string, role: iam.IRole, policy: iam.ManagedPolicy): void {
  const cfnEndpoint = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
  cfnEndpoint.policyDocument = Lazy.any({
    produce: () => ({
      Version: '2012-10-17',
      Statement: grantedStatementsFor(policy, service).map((granted) => ({
        Effect: 'Allow',
        Principal: '*',
        Action: granted.Action,
        Resource: granted.Resource,
        Condition: { ArnEquals: { 'aws:PrincipalArn': Stack.of(endpoint).resolve(role.roleArn) } },
      })),
    }),
  });
}
