import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
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
  /** The resource part of its ARN, when the resource's name is written in the template: `table/orders`. */
  readonly arnResource?: string;
}

/** One kind of resource whose data events a rule requires: its types, and how its ARN is written. */
export interface DataEventResourceKind {
  /** The CloudFormation resource types the rule applies to. */
  readonly cfnTypes: string[];
  /** The CloudTrail data resource type: `AWS::DynamoDB::Table`, `AWS::Lambda::Function`. */
  readonly dataResourceType: string;
  /** The ARN's service: `dynamodb`, `lambda`. */
  readonly service: string;
  /** The property holding the resource's name: `TableName`, `FunctionName`. */
  readonly nameProperty: string;
  /** What comes before the name in the ARN's resource part: `table/`, `function:`. */
  readonly arnResourcePrefix: string;
}

/**
 * The verdict of a data-event rule on one resource: not applicable to other types, else compliant
 * when a recording trail or event data store covers its read and write data events.
 */
export function dataEventCompliance(node: CfnResource, kind: DataEventResourceKind): NagRuleCompliance {
  if (!kind.cfnTypes.includes(node.cfnResourceType)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const name = cfnProperties(node)[kind.nameProperty];
  const covered = hasDataEventCoverage({
    resource: node,
    dataResourceType: kind.dataResourceType,
    service: kind.service,
    arnResource: typeof name === 'string' ? `${kind.arnResourcePrefix}${name}` : undefined,
  });
  return covered ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Which of a resource's data events a selector records. */
type EventKind = 'read' | 'write';
const BOTH: EventKind[] = ['read', 'write'];

/**
 * Fields an advanced selector may hold and still record every data event of the resources it
 * selects. Any other field (`eventName`, `eventSource`, `userIdentity.arn`, `errorCode`...)
 * narrows the selector to some events, so it never counts as coverage.
 */
const UNNARROWING_FIELDS = ['eventCategory', 'resources.type', 'resources.ARN', 'readOnly'];

/**
 * Whether the logging CloudTrail trails and ingesting event data stores of the app together
 * record every read and every write data event of the target.
 *
 * AWS documentation this rests on:
 * - "AdvancedFieldSelector" (CloudTrail API Reference): "readOnly - ... If you do not add this
 *   field, CloudTrail logs both read and write events. A value of true logs only read events. A
 *   value of false logs only write events." and "eventName - Can use any operator. You can use
 *   it to filter in or filter out any data event".
 * - "AWS::CloudTrail::Trail EventSelector" (CloudFormation): `ReadWriteType` "Specify if you
 *   want your trail to log read-only events, write-only events, or all" (default `All`).
 * - "AWS::CloudTrail::Trail" (CloudFormation): `IsMultiRegionTrail` "Specifies whether the trail
 *   applies only to the current Region or to all Regions. The default is false."; an event data
 *   store's `MultiRegionEnabled` defaults to true.
 * - A trail records the events of its own account: one in another account (another stage's
 *   environment) or, unless multi-region, in another region records nothing of the target.
 *
 * A selector value that can't be read proves nothing, so an unreadable selector never counts.
 */
export function hasDataEventCoverage(target: DataEventTarget): boolean {
  const recorded = new Set<EventKind>();
  for (const trail of resourcesInApp(target.resource, 'AWS::CloudTrail::Trail', 'AWS::CloudTrail::EventDataStore')) {
    const props = cfnProperties(trail);
    if (!isRecording(trail, props) || !sharesEnvironment(trail, props, target.resource)) {
      continue;
    }
    const stack = Stack.of(trail);
    asArray(props.EventSelectors)
      .filter((selector) => basicSelectorCovers(stack, selector, target))
      .forEach((selector) => basicSelectorKinds(selector).forEach((kind) => recorded.add(kind)));
    asArray(props.AdvancedEventSelectors)
      .filter((selector) => advancedSelectorCovers(stack, selector, target))
      .forEach((selector) => advancedSelectorKinds(selector).forEach((kind) => recorded.add(kind)));
  }
  return BOTH.every((kind) => recorded.has(kind));
}

/**
 * A trail records when `IsLogging` (required) is true, an event data store unless
 * `IngestionEnabled` is false; a value not known at synth time proves nothing.
 */
function isRecording(trail: CfnResource, props: Record<string, any>): boolean {
  return trail.cfnResourceType === 'AWS::CloudTrail::EventDataStore'
    ? isTrueOr(props.IngestionEnabled, true)
    : isTrueOr(props.IsLogging, false);
}

/** Whether a boolean property is true, or left out where its default is `whenMissing`; an intrinsic is not. */
function isTrueOr(value: unknown, whenMissing: boolean): boolean {
  return value === undefined ? whenMissing : value === true || value === 'true';
}

/** The trail is in the target's account, and in its region unless it records every region. */
function sharesEnvironment(trail: CfnResource, props: Record<string, any>, resource: CfnResource): boolean {
  const trailStack = Stack.of(trail);
  const resourceStack = Stack.of(resource);
  const multiRegion = trail.cfnResourceType === 'AWS::CloudTrail::EventDataStore'
    ? isTrueOr(props.MultiRegionEnabled, true)
    : isTrueOr(props.IsMultiRegionTrail, false);
  return sameEnvValue(trailStack.account, resourceStack.account) &&
    (multiRegion || sameEnvValue(trailStack.region, resourceStack.region));
}

/**
 * Whether two stacks' account (or region) values are the same. Environment-agnostic stacks of
 * one app deploy to the account and region the CLI is configured for, so two unresolved values
 * are the same; a concrete value and an unresolved one can't be shown to be, so they are not.
 */
function sameEnvValue(a: string, b: string): boolean {
  return Token.isUnresolved(a) && Token.isUnresolved(b) ? true : a === b;
}

function basicSelectorCovers(stack: Stack, selector: any, target: DataEventTarget): boolean {
  return asArray(selector?.DataResources)
    .filter((dataResource) => dataResource?.Type === target.dataResourceType)
    .some((dataResource) => asArray(dataResource.Values).some((value) =>
      namesAllOfType(stack, value, target) || namesTarget(stack, value, target)));
}

function basicSelectorKinds(selector: any): EventKind[] {
  switch (selector?.ReadWriteType ?? 'All') {
    case 'All': return BOTH;
    case 'ReadOnly': return ['read'];
    case 'WriteOnly': return ['write'];
    default: return [];
  }
}

function advancedSelectorCovers(stack: Stack, selector: any, target: DataEventTarget): boolean {
  const fields = asArray(selector?.FieldSelectors);
  if (fields.some((candidate) => !UNNARROWING_FIELDS.includes(candidate?.Field))) {
    return false;
  }
  const field = (name: string) => fields.filter((candidate) => candidate?.Field === name);
  const isData = field('eventCategory').some((candidate) => asArray(candidate.Equals).includes('Data'));
  const isType = field('resources.type').some((candidate) => asArray(candidate.Equals).includes(target.dataResourceType));
  if (!isData || !isType) {
    return false;
  }
  return field('resources.ARN').every((condition) => {
    const names = (key: string) => asArray(condition[key]).some((value) => namesTarget(stack, value, target));
    const prefixes = (key: string) => asArray(condition[key]).some((value) =>
      namesAllOfType(stack, value, target) || namesTarget(stack, value, target));
    const suffixes = (key: string) => asArray(condition[key]).some((value) =>
      target.arnResource !== undefined && typeof value === 'string' && value.length > 0 && `:${target.arnResource}`.endsWith(value));
    const included = (condition.Equals === undefined || names('Equals')) &&
      (condition.StartsWith === undefined || prefixes('StartsWith')) &&
      (condition.EndsWith === undefined || suffixes('EndsWith'));
    const excluded = names('NotEquals') || prefixes('NotStartsWith') || suffixes('NotEndsWith');
    return included && !excluded;
  });
}

/** The kinds the selector's `readOnly` conditions let through (they all apply: AND). */
function advancedSelectorKinds(selector: any): EventKind[] {
  const kindOf = (value: unknown): EventKind | undefined => {
    const written = String(value).toLowerCase();
    return written === 'true' ? 'read' : written === 'false' ? 'write' : undefined;
  };
  return asArray(selector?.FieldSelectors)
    .filter((candidate) => candidate?.Field === 'readOnly')
    .reduce((kinds: EventKind[], condition) => {
      const operators = Object.keys(condition).filter((key) => key !== 'Field' && condition[key] !== undefined);
      if (operators.some((operator) => operator !== 'Equals' && operator !== 'NotEquals')) {
        return [];
      }
      const equals = asArray(condition.Equals).map(kindOf);
      const notEquals = asArray(condition.NotEquals).map(kindOf);
      return kinds.filter((kind) => (condition.Equals === undefined || equals.includes(kind)) && !notEquals.includes(kind));
    }, BOTH);
}

/** A value naming the target itself: a reference to it, or its ARN written out. */
function namesTarget(stack: Stack, value: unknown, target: DataEventTarget): boolean {
  if (isReferenceTo(stack, value, target.resource)) {
    return true;
  }
  const arn = writtenArn(stack, value);
  return target.arnResource !== undefined && arn !== undefined && arn.resource === target.arnResource &&
    arn.service === target.service && inTargetEnvironment(arn, target);
}

/**
 * A value naming every resource of the target's type in the target's account and region (or
 * in every account or region): `arn:aws:dynamodb`, `arn:${AWS::Partition}:lambda`,
 * `arn:aws:dynamodb:us-east-1:111111111111:table/`.
 */
function namesAllOfType(stack: Stack, value: unknown, target: DataEventTarget): boolean {
  const arn = writtenArn(stack, value);
  if (arn === undefined || arn.service !== target.service) {
    return false;
  }
  const resourcePrefix = target.service === 'lambda' ? /^(function:?)?$/ : /^(table\/?)?$/;
  return resourcePrefix.test(arn.resource ?? '') && inTargetEnvironment(arn, target);
}

interface WrittenArn {
  readonly service: string;
  /** `undefined` when the ARN stops before the field (a prefix naming every region or account). */
  readonly region?: string;
  readonly account?: string;
  readonly resource?: string;
}

/**
 * An ARN or ARN prefix found in `stack`'s template, with `${AWS::Region}` and
 * `${AWS::AccountId}` read as `stack`'s own region and account.
 */
function writtenArn(stack: Stack, value: unknown): WrittenArn | undefined {
  const written = flattenValue(value);
  if (written === undefined) {
    return undefined;
  }
  // `<AWS::Partition>` holds colons of its own: name pseudo parameters without them first.
  const parts = written.replace(/<AWS::(\w+)>/g, '<$1>').split(':');
  if (parts[0] !== 'arn' || parts.length < 3) {
    return undefined;
  }
  const envField = (field: string | undefined, pseudo: string, own: string) => (field === `<${pseudo}>` ? own : field);
  return {
    service: parts[2],
    region: envField(parts[3], 'Region', stack.region),
    account: envField(parts[4], 'AccountId', stack.account),
    resource: parts.length > 5 ? parts.slice(5).join(':') : undefined,
  };
}

/** An ARN's region and account, where written, are the target's (an empty field means every one). */
function inTargetEnvironment(arn: WrittenArn, target: DataEventTarget): boolean {
  const resourceStack = Stack.of(target.resource);
  const matches = (field: string | undefined, own: string) => field === undefined || field === '' || sameEnvValue(field, own);
  return matches(arn.region, resourceStack.region) && matches(arn.account, resourceStack.account);
}
