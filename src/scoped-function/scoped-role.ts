import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * A Lambda execution role that starts empty and keeps every statement added to it in one
 * customer-managed policy rather than the inline `DefaultPolicy` an `iam.Role` creates (the
 * HIPAA, NIST and PCI packs flag inline policies). Grants (`table.grantActions(fn)`,
 * `bucket.grantRead(fn)`), `addToRolePolicy` and lambda.Function's own statements (X-Ray,
 * dead-letter queue) all reach a role through `addToPrincipalPolicy`, so all of them land here.
 */
export class ScopedRole extends iam.Role {
  /** The customer-managed policy that holds all of the role's permissions. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, description: string) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', { description });
    this.addManagedPolicy(this.policy);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
