import { CfnElement, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isIntrinsic } from './cfn-values';
import { templateReference } from '../../private/template-references';

/** The logical id an element will have in its template. */
export function logicalIdOf(element: CfnElement): string {
  return Stack.of(element).resolve(element.logicalId);
}

/** Every CloudFormation resource of the given types anywhere in the app that holds `scope`. */
export function resourcesInApp(scope: IConstruct, ...types: string[]): CfnResource[] {
  return scope.node.root.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct))
    .filter((resource) => types.includes(resource.cfnResourceType));
}

/**
 * The element of the app that a resolved `Ref`, `Fn::GetAtt` or `Fn::ImportValue` found in
 * `stack`'s template points at; `undefined` for anything else.
 *
 * A reference to another stack reads as a `Ref`/`Fn::GetAtt` of that stack's logical id until
 * synthesis prepares the app, and as an `Fn::ImportValue` of that stack's export afterwards;
 * both are followed.
 */
export function referencedElement(stack: Stack, value: unknown): CfnElement | undefined {
  if (!isIntrinsic(value)) {
    return undefined;
  }
  const reference = templateReference(value);
  if (reference?.kind === 'logicalId') {
    return elementNamed(stack, reference.logicalId);
  }
  if (reference?.kind === 'export') {
    const output = exportNamed(stack, reference.exportName);
    return output ? referencedElement(Stack.of(output), Stack.of(output).resolve(output.value)) : undefined;
  }
  return undefined;
}

/** Whether a resolved value found in `stack`'s template is a reference to `target`. */
export function isReferenceTo(stack: Stack, value: unknown, target: CfnElement): boolean {
  return referencedElement(stack, value) === target;
}

function elementNamed(stack: Stack, logicalId: string): CfnElement | undefined {
  if (logicalId.startsWith('AWS::')) {
    return undefined;
  }
  const inStack = elementsOf(stack).find((element) => logicalIdOf(element) === logicalId);
  if (inStack) {
    return inStack;
  }
  // Not yet prepared: a reference to another stack still names that stack's logical id.
  return stack.node.root.node.findAll()
    .filter((construct): construct is CfnElement => CfnElement.isCfnElement(construct))
    .find((element) => Stack.of(element) !== stack && logicalIdOf(element) === logicalId);
}

function elementsOf(stack: Stack): CfnElement[] {
  return stack.node.findAll()
    .filter((construct): construct is CfnElement => CfnElement.isCfnElement(construct))
    .filter((element) => Stack.of(element) === stack);
}

function exportNamed(stack: Stack, name: string): CfnOutput | undefined {
  return stack.node.root.node.findAll()
    .filter((construct): construct is CfnOutput => construct instanceof CfnOutput)
    .find((output) => output.exportName !== undefined && Stack.of(output).resolve(output.exportName) === name);
}
