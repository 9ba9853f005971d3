/**
 * Renders a resolved CloudFormation value the way cdk-nag v3 writes it into a finding id
 * (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`): `Ref` as `<Id>`, `Fn::GetAtt` as `<Id.Attr>`,
 * `Fn::Join` joined, `Fn::Sub`'s `${X}` as `<X>`. An acknowledgement must spell its id exactly
 * like the finding, so this follows cdk-nag's format, not CloudFormation's.
 */
export function findingText(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  if (typeof value === 'object' && value !== null) {
    const intrinsic = value as Record<string, any>;
    if (intrinsic['Fn::Join']) {
      const [delimiter, parts] = intrinsic['Fn::Join'];
      return (parts as unknown[]).map(findingText).join(delimiter);
    }
    if (intrinsic['Fn::Sub']) {
      return findingText(intrinsic['Fn::Sub']);
    }
    if (intrinsic['Fn::GetAtt']) {
      const [logicalId, attribute] = intrinsic['Fn::GetAtt'];
      return `<${findingText(logicalId)}.${findingText(attribute)}>`;
    }
    if (intrinsic['Fn::ImportValue']) {
      return findingText(intrinsic['Fn::ImportValue']);
    }
    if (intrinsic.Ref) {
      return `<${findingText(intrinsic.Ref)}>`;
    }
  }
  return JSON.stringify(value);
}
