import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A resource's CloudFormation properties as synthesis writes them: property overrides and raw
 * `addOverride`s applied, tokens resolved in the resource's own stack. The L1's getters would
 * miss the overrides, which are exactly how a check is escaped.
 */
export function renderedProperties(resource: CfnResource): Record<string, unknown> {
  const rendered = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation());
  const [only] = Object.values((rendered as { Resources?: Record<string, { Properties?: Record<string, unknown> }> })?.Resources ?? {});
  return only?.Properties ?? {};
}
