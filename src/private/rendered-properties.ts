import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A resource's CloudFormation properties as synthesis writes them: property overrides and raw
 * `addOverride`s applied, tokens resolved in the resource's own stack to literals and intrinsics;
 * `undefined` when synthesis leaves the resource out of the template. The L1's getters would miss
 * the overrides, which are exactly how a check is escaped. Throws what the L1's own validator
 * throws when the properties are invalid.
 */
export function synthesizedProperties(resource: CfnResource): Record<string, any> | undefined {
  // `_toCloudFormation` is what synthesis itself renders.
  const rendered = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation());
  const [definition] = Object.values((rendered as { Resources?: Record<string, { Properties?: Record<string, any> }> })?.Resources ?? {});
  return definition ? definition.Properties ?? {} : undefined;
}

/** `synthesizedProperties`, with none for a resource left out of the template. */
export function renderedProperties(resource: CfnResource): Record<string, any> {
  return synthesizedProperties(resource) ?? {};
}
