/**
 * What a reference intrinsic in a resolved template value names, before it is looked up in an
 * app: a logical id (`Ref`, `Fn::GetAtt`), an export (`Fn::ImportValue`, strong cross-stack
 * references) or another stack's output (`Fn::GetStackOutput`, weak ones).
 */
export type TemplateReference =
  | { readonly kind: 'logicalId'; readonly logicalId: string }
  | { readonly kind: 'export'; readonly exportName: string }
  | { readonly kind: 'stackOutput'; readonly stackName: string; readonly outputName: string };

/** The reference a resolved value makes; `undefined` when it is no reference (or a malformed one). */
export function templateReference(value: unknown): TemplateReference | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const intrinsic = value as Record<string, any>;
  if (typeof intrinsic.Ref === 'string') {
    return { kind: 'logicalId', logicalId: intrinsic.Ref };
  }
  const getAtt = intrinsic['Fn::GetAtt'];
  if (getAtt !== undefined) {
    // Both forms: ['LogicalId', 'Attribute'] and 'LogicalId.Attribute'.
    const logicalId = Array.isArray(getAtt) ? getAtt[0] : String(getAtt).split('.')[0];
    return typeof logicalId === 'string' ? { kind: 'logicalId', logicalId } : undefined;
  }
  const exportName = intrinsic['Fn::ImportValue'];
  if (typeof exportName === 'string') {
    return { kind: 'export', exportName };
  }
  const stackOutput = intrinsic['Fn::GetStackOutput'];
  if (typeof stackOutput?.StackName === 'string' && typeof stackOutput?.OutputName === 'string') {
    return { kind: 'stackOutput', stackName: stackOutput.StackName, outputName: stackOutput.OutputName };
  }
  return undefined;
}
