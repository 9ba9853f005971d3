import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { InvalidPropError } from '../private/errors';

/** A gateway endpoint service a `ScopedFunction` can create, by its action prefix. */
export interface EndpointService {
  readonly service: ec2.GatewayVpcEndpointAwsService;
  readonly actionPrefix: string;
}

const SUPPORTED: EndpointService[] = [
  { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, actionPrefix: 'dynamodb' },
  { service: ec2.GatewayVpcEndpointAwsService.S3, actionPrefix: 's3' },
];

/** The supported services among the requested ones; anything else is a prop error. */
export function endpointServices(scope: Construct, requested: ec2.GatewayVpcEndpointAwsService[]): EndpointService[] {
  return requested.map((service) => {
    const supported = SUPPORTED.find((candidate) => candidate.service === service);
    if (!supported) {
      throw new InvalidPropError('ScopedFunction.UnsupportedGatewayEndpoint', scope, 'gatewayEndpoints', `${service.name} is not a gateway endpoint this construct scopes`,
        'use GatewayVpcEndpointAwsService.DYNAMODB or GatewayVpcEndpointAwsService.S3, and create other endpoints yourself');
    }
    return supported;
  });
}

/**
 * A security group with no inbound rules and HTTPS out only: to the VPC's CIDR, where interface
 * endpoints live. Gateway endpoints get their own rule through `allowHttpsToPrefixList`.
 */
export function functionSecurityGroup(scope: Construct, vpc: ec2.IVpc): ec2.SecurityGroup {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    allowAllOutbound: false,
    description: `${scope.node.path}: no inbound; HTTPS out to AWS service endpoints only`,
  });
  securityGroup.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to interface VPC endpoints');
  return securityGroup;
}

/**
 * Lets the security group reach a gateway endpoint's service over HTTPS, through the service's
 * AWS-managed prefix list (looked up, so the stack needs a concrete account and region).
 */
export function allowHttpsToPrefixList(scope: Construct, securityGroup: ec2.SecurityGroup, endpoint: EndpointService): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
    throw new InvalidPropError('ScopedFunction.GatewayEndpointWithoutEnvironment', scope, 'gatewayEndpoints',
      "the stack has no concrete account and region, so the service's prefix list can't be looked up for the security group's egress rule",
      'give the stack an env ({ account, region }), or leave gatewayEndpoints out and add the endpoints and egress rules yourself');
  }
  const prefixList = ec2.PrefixList.fromLookup(scope, `${endpoint.actionPrefix}PrefixList`, {
    prefixListName: `com.amazonaws.${stack.region}.${endpoint.actionPrefix}`,
  });
  securityGroup.addEgressRule(ec2.Peer.prefixList(prefixList.prefixListId), ec2.Port.tcp(443), `HTTPS to ${endpoint.actionPrefix} through its gateway endpoint`);
}
