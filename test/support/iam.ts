import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, CfnResolver, PARTITION, REGION } from './cfn-resolve';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface IamRequest {
  /** The acting role's logical id in the template, or a principal ARN with `identityPolicies`. */
  readonly role?: string;
  readonly principalArn?: string;
  /** Identity policies of a principal that isn't in the template. */
  readonly identityPolicies?: any[];
  readonly action: string;
  /** The resource ARN. */
  readonly resource: string;
  /** A KMS key's logical id whose key policy is the resource policy. */
  readonly key?: string;
  readonly context?: Record<string, string | string[]>;
}

/**
 * The IAM side of a synthesized template, evaluated by a real IAM policy simulator
 * (@cloud-copilot/iam-simulate) after resolving intrinsics for a fixed account and region.
 */
export class IamModel {
  public static readonly ACCOUNT = ACCOUNT;
  public static readonly REGION = REGION;

  private readonly resolver: CfnResolver;

  constructor(private readonly template: any) {
    this.resolver = new CfnResolver(template);
  }

  /** Resolves intrinsics in a value of this template. */
  public resolve(value: any): any {
    return this.resolver.resolve(value);
  }

  /** The ARN a resource would have. */
  public arnOf(logicalId: string): string {
    return this.resolver.getAtt(logicalId, 'Arn');
  }

  /** Logical ids of resources of a type. */
  public logicalIds(type: string, filter: (properties: any) => boolean = () => true): string[] {
    return Object.entries<any>(this.template.Resources)
      .filter(([, resource]) => resource.Type === type && filter(resource.Properties ?? {}))
      .map(([logicalId]) => logicalId);
  }

  /**
   * Every identity policy that applies to a role: its inline policies, `AWS::IAM::Policy` and
   * `AWS::IAM::ManagedPolicy` resources attached to it. AWS-managed policies can't be evaluated
   * here, so a role holding one throws.
   */
  public identityPolicies(role: string): { name: string; policy: any }[] {
    const resource = this.template.Resources[role];
    if (resource?.Type !== 'AWS::IAM::Role') {
      throw new Error(`${role} is not a role in the template`);
    }
    const attachedTo = (properties: any) => (properties.Roles ?? []).some((ref: any) => ref?.Ref === role);
    const policies = (resource.Properties.Policies ?? []).map((inline: any) => ({ name: inline.PolicyName, policy: inline.PolicyDocument }));
    for (const id of [...this.logicalIds('AWS::IAM::Policy', attachedTo), ...this.logicalIds('AWS::IAM::ManagedPolicy', attachedTo)]) {
      policies.push({ name: id, policy: this.template.Resources[id].Properties.PolicyDocument });
    }
    for (const arn of resource.Properties.ManagedPolicyArns ?? []) {
      const logicalId = arn?.Ref;
      if (!logicalId) {
        throw new Error(`${role} holds a managed policy that is not in the template: ${JSON.stringify(arn)}`);
      }
      policies.push({ name: logicalId, policy: this.template.Resources[logicalId].Properties.PolicyDocument });
    }
    return policies.map((policy: { name: string; policy: any }) => ({ name: policy.name, policy: this.resolve(policy.policy) }));
  }

  /** Evaluates one request. */
  public async decide(request: IamRequest): Promise<Decision> {
    const principal = request.principalArn ?? this.resolver.getAtt(request.role!, 'Arn');
    const identityPolicies = request.identityPolicies
      ? request.identityPolicies.map((policy, index) => ({ name: `given${index}`, policy }))
      : this.identityPolicies(request.role!);
    const response = await runSimulation({
      request: {
        principal,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: {
          'aws:PrincipalArn': principal,
          'aws:PrincipalAccount': ACCOUNT,
          ...request.context,
        },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.key ? this.resolve(this.template.Resources[request.key].Properties.KeyPolicy) : undefined,
    }, {});
    if (response.resultType === 'error') {
      throw new Error(`the simulator rejected the request: ${JSON.stringify(response.errors)}`);
    }
    return response.overallResult as Decision;
  }
}

/** `kms:ViaService` for a service in the fixed region. */
export function viaService(service: string): Record<string, string> {
  return { 'kms:ViaService': `${service}.${REGION}.amazonaws.com` };
}

export const ROLE_ARN_PREFIX = `arn:${PARTITION}:iam::${ACCOUNT}:role/`;
