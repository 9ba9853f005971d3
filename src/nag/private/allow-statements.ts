import { CfnResource } from 'aws-cdk-lib';
import { attachedPolicyDocuments } from './policy-documents';
import { policyStatements, PolicyStatementView } from './policy-statements';

/** An Allow statement of a resource's policies, and whether it sits in a KMS key policy. */
export interface AttachedAllowStatement {
  readonly statement: PolicyStatementView;
  readonly isKeyPolicy: boolean;
}

/**
 * The Allow statements of the identity and resource policies a resource carries, or
 * `undefined` when the resource type carries none.
 */
export function attachedAllowStatements(node: CfnResource): AttachedAllowStatement[] | undefined {
  return attachedPolicyDocuments(node)?.flatMap(({ location, document, isKeyPolicy }) =>
    policyStatements(node, document, location)
      .filter((statement) => statement.effect === 'Allow')
      .map((statement) => ({ statement, isKeyPolicy })));
}
