import { CfnResource } from 'aws-cdk-lib';

/**
 * Thrown by a rule when a value it must read is not known at synth time (a template parameter,
 * a condition, an attribute of a custom resource). cdk-nag reports a rule that throws as a
 * finding of that rule, so an unknown value is never silently taken as compliant; with
 * `verbose: true` the finding carries this message.
 */
export class UnvalidatableValueError extends Error {
  constructor(node: CfnResource, what: string, why: string) {
    super(`${node.cfnResourceType} ${node.node.path}: ${what} could not be validated: ${why}`);
    this.name = 'UnvalidatableValueError';
  }
}
