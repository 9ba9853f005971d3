import { CfnResource, Stack } from 'aws-cdk-lib';
import { asArray, cfnProperties, flattenValue } from './cfn-values';
import { isReferenceTo, resourcesInApp } from './references';

/** What a data-event check needs to know about the resource it looks for. */
export interface DataEventTarget {
  /** The table or function. */
  readonly resource: CfnResource;
  /** The CloudTrail data resource type: `AWS::DynamoDB::Table`, `AWS::Lambda::Function`. */
  readonly dataResourceType: string;
  /** The ARN's service: `dynamodb`, `lambda`. */
  readonly service: string;
  /** How the ARN ends, when the resource's name is written in the template: `:table/orders`. */
  readonly arnSuffix?: string;
}

/**
 * Whether a logging CloudTrail trail or ingesting event data store anywhere in the app records
 * data events of the target, through basic event selectors (`DataResources`) or advanced ones
 * (`FieldSelectors`). A selector value that can't be read proves nothing, so an unreadable
 * selector never counts as coverage.
 */
export function hasDataEventCoverage(target: DataEventTarget): boolean {
  const trails = resourcesInApp(target.resource, 'AWS::CloudTrail::Trail', 'AWS::CloudTrail::EventDataStore');
  return trails.some((trail) => {
    const props = cfnProperties(trail);
    if (props.IsLogging === false || props.IsLogging === 'false' || props.IngestionEnabled === false || props.IngestionEnabled === 'false') {
      return false;
    }
    const stack = Stack.of(trail);
    return asArray(props.EventSelectors).some((selector) => basicSelectorCovers(stack, selector, target)) ||
      asArray(props.AdvancedEventSelectors).some((selector) => advancedSelectorCovers(stack, selector, target));
  });
}

function basicSelectorCovers(stack: Stack, selector: any, target: DataEventTarget): boolean {
  return asArray(selector?.DataResources)
    .filter((dataResource) => dataResource?.Type === target.dataResourceType)
    .some((dataResource) => asArray(dataResource.Values).some((value) =>
      namesAllOfType(value, target) || namesTarget(stack, value, target)));
}

function advancedSelectorCovers(stack: Stack, selector: any, target: DataEventTarget): boolean {
  const fields = asArray(selector?.FieldSelectors);
  const field = (name: string) => fields.filter((candidate) => candidate?.Field === name);
  const isData = field('eventCategory').some((candidate) => asArray(candidate.Equals).includes('Data'));
  const isType = field('resources.type').some((candidate) => asArray(candidate.Equals).includes(target.dataResourceType));
  if (!isData || !isType) {
    return false;
  }
  return field('resources.ARN').every((condition) => {
    const names = (key: string) => asArray(condition[key]).some((value) => namesTarget(stack, value, target));
    const prefixes = (key: string) => asArray(condition[key]).some((value) =>
      namesAllOfType(value, target) || namesTarget(stack, value, target));
    const suffixes = (key: string) => asArray(condition[key]).some((value) =>
      target.arnSuffix !== undefined && typeof value === 'string' && value.length > 0 && target.arnSuffix.endsWith(value));
    const included = (condition.Equals === undefined || names('Equals')) &&
      (condition.StartsWith === undefined || prefixes('StartsWith')) &&
      (condition.EndsWith === undefined || suffixes('EndsWith'));
    const excluded = names('NotEquals') || prefixes('NotStartsWith') || suffixes('NotEndsWith');
    return included && !excluded;
  });
}

/** A value naming the target itself: a reference to it, or an ARN ending with its written name. */
function namesTarget(stack: Stack, value: unknown, target: DataEventTarget): boolean {
  if (isReferenceTo(stack, value, target.resource)) {
    return true;
  }
  return target.arnSuffix !== undefined && typeof value === 'string' && value.endsWith(target.arnSuffix);
}

/**
 * A value naming every resource of the target's type (in some or all regions and accounts):
 * `arn:aws:dynamodb`, `arn:${AWS::Partition}:lambda`, `arn:aws:dynamodb:us-east-1:111111111111:table/`.
 */
function namesAllOfType(value: unknown, target: DataEventTarget): boolean {
  const written = flattenValue(value)?.replace(/<AWS::(\w+)>/g, '$1');
  if (written === undefined) {
    return false;
  }
  const resourcePrefix = target.service === 'lambda' ? 'function:?' : 'table\\/?';
  return new RegExp(`^arn:[^:]+:${target.service}(:|:[^:]*:?|:[^:]*:[^:]*:?|:[^:]*:[^:]*:${resourcePrefix})?$`).test(written);
}
