import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Every method of every stage of this API, in resource policy shorthand. */
const THIS_API = 'execute-api:/*';

/**
 * The API's resource policy: allow invocation (to this account's IAM principals only with IAM
 * authorization, since an `*` principal would let signed callers of any account in), then deny
 * every source outside the allowed CIDR blocks and every VPC endpoint but the given ones.
 */
export function resourcePolicy(
  iamAuthorization: boolean, cidrs: string[] | undefined, endpoints: ec2.IInterfaceVpcEndpoint[] | undefined,
): iam.PolicyDocument {
  const statements = [
    new iam.PolicyStatement({
      sid: 'AllowInvoke',
      principals: [iamAuthorization ? new iam.AccountRootPrincipal() : new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [THIS_API],
    }),
  ];
  if (cidrs) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOutsideAllowedSourceCidrs',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [THIS_API],
      // Requests through a VPC endpoint carry the caller's VPC address in aws:VpcSourceIp, not aws:SourceIp.
      conditions: { NotIpAddress: { [endpoints ? 'aws:VpcSourceIp' : 'aws:SourceIp']: cidrs } },
    }));
  }
  if (endpoints) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOutsideAllowedVpcEndpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [THIS_API],
      conditions: { StringNotEquals: { 'aws:SourceVpce': endpoints.map((endpoint) => endpoint.vpcEndpointId) } },
    }));
  }
  return new iam.PolicyDocument({ statements });
}
