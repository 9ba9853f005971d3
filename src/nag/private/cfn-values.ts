import { CfnResource } from 'aws-cdk-lib';
import { UnvalidatableValueError } from './unvalidatable';
import { renderedProperties } from '../../private/rendered-properties';

/**
 * The resource's CloudFormation properties as they will be synthesized (see `renderedProperties`);
 * a resource whose properties its own L1 validator rejects is unvalidatable.
 */
export function cfnProperties(node: CfnResource): Record<string, any> {
  try {
    return renderedProperties(node);
  } catch (error) {
    // A template written for a macro or for `aws cloudformation package` (a local path as Lambda
    // Code) that cloudformation-include loaded.
    throw new UnvalidatableValueError(node, 'its properties', (error as Error).message.split('\n').slice(-1)[0].trim());
  }
}

/** A single value or a list as a list; nothing as an empty list. */
export function asArray(value: unknown): any[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** Whether a resolved value is a CloudFormation intrinsic (`Ref`, `Fn::...`, `Condition`). */
export function isIntrinsic(value: unknown): value is Record<string, any> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

/**
 * The values a resolved value can take when deployed: both branches of every `Fn::If`, with
 * `AWS::NoValue` as `undefined`. A rule that holds for every one holds whatever the conditions.
 */
export function possibleValues(value: unknown): unknown[] {
  if (isIntrinsic(value) && Array.isArray(value['Fn::If']) && value['Fn::If'].length === 3) {
    const [, whenTrue, whenFalse] = value['Fn::If'];
    return [...possibleValues(whenTrue), ...possibleValues(whenFalse)];
  }
  if (isIntrinsic(value) && value.Ref === 'AWS::NoValue') {
    return [undefined];
  }
  return [value];
}

/** A resolved boolean property (CloudFormation also accepts `"true"`/`"false"`); throws when it is an intrinsic. */
export function booleanValue(node: CfnResource, value: unknown, what: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') {
    return value;
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  throw new UnvalidatableValueError(node, what, `its value ${JSON.stringify(value)} is not known at synth time`);
}

/** A resolved string property; throws when it is an intrinsic. */
export function stringValue(node: CfnResource, value: unknown, what: string): string | undefined {
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  throw new UnvalidatableValueError(node, what, `its value ${JSON.stringify(value)} is not known at synth time`);
}

/** A resolved number property (CloudFormation also accepts numeric strings); throws when it is an intrinsic. */
export function numberValue(node: CfnResource, value: unknown, what: string): number | undefined {
  if (value === undefined || typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value))) {
    return Number(value);
  }
  throw new UnvalidatableValueError(node, what, `its value ${JSON.stringify(value)} is not known at synth time`);
}

/**
 * A resolved value as one readable string, references written `<LogicalId>` or
 * `<LogicalId.Attribute>` (as cdk-nag writes them in finding ids); `undefined` when the value
 * holds an intrinsic whose result can't be written down (`Fn::If`, `Fn::Select`...).
 */
export function flattenValue(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]*)\}/g, '<$1>');
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (!isIntrinsic(value)) {
    return undefined;
  }
  if ('Ref' in value && typeof value.Ref === 'string') {
    return `<${value.Ref}>`;
  }
  if ('Fn::GetAtt' in value) {
    const getAtt = value['Fn::GetAtt'];
    return `<${Array.isArray(getAtt) ? getAtt.join('.') : getAtt}>`;
  }
  if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
    const [delimiter, parts] = value['Fn::Join'];
    const flattened = asArray(parts).map(flattenValue);
    return flattened.some((part) => part === undefined) ? undefined : flattened.join(delimiter);
  }
  if ('Fn::Sub' in value) {
    const sub = value['Fn::Sub'];
    return flattenValue(Array.isArray(sub) ? sub[0] : sub);
  }
  if ('Fn::ImportValue' in value) {
    const name = flattenValue(value['Fn::ImportValue']);
    return name === undefined ? undefined : `<ImportValue:${name}>`;
  }
  return undefined;
}

/** Logical ids named by the `Ref`s inside a resolved value (pseudo parameters excluded). */
export function referencedLogicalIds(value: unknown): string[] {
  const ids: string[] = [];
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const match of item.matchAll(/\$\{([^}.!]+)\}/g)) {
        ids.push(match[1]);
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (key === 'Ref' && typeof child === 'string') {
          ids.push(child);
        } else {
          visit(child);
        }
      }
    }
  };
  visit(value);
  return ids.filter((id) => !id.startsWith('AWS::'));
}
