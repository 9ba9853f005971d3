import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { DataEventTarget, DataResourceType } from './data-event-target';
import { EventFilter } from './event-filter';

type FieldSelector = cloudtrail.CfnTrail.AdvancedFieldSelectorProperty;
type Selector = cloudtrail.CfnTrail.AdvancedEventSelectorProperty;

/** One selector's worth of data events: a resource type, a filter, and its ARN values. */
interface DataEventGroup {
  readonly type: DataResourceType;
  readonly filter: EventFilter;
  readonly isPrefix: boolean;
  readonly arns: string[];
}

/**
 * The advanced event selectors of a trail, built up as resources are registered. One selector
 * per resource type and filter, naming the exact ARNs (CloudTrail allows one `resources.type`
 * per selector, and ORs selectors).
 */
export class AdvancedEventSelectors {
  private readonly groups: DataEventGroup[] = [];
  private managementFilter?: EventFilter;

  /** Records management events through the filter. */
  public includeManagementEvents(filter: EventFilter): void {
    this.managementFilter = filter;
  }

  /** Records a resource's data events; a resource already recorded through the filter is skipped. */
  public addDataEvents(target: DataEventTarget, filter: EventFilter): void {
    let group = this.groups.find((candidate) => candidate.type === target.type && candidate.filter === filter);
    if (!group) {
      group = { type: target.type, filter, isPrefix: target.isPrefix, arns: [] };
      this.groups.push(group);
    }
    if (!group.arns.includes(target.arn)) {
      group.arns.push(target.arn);
    }
  }

  /** Whether any data event is recorded. */
  public get hasDataEvents(): boolean {
    return this.groups.length > 0;
  }

  /** Every condition value across the selectors: what CloudTrail's 500-value quota counts. */
  public get valueCount(): number {
    return this.render().reduce((total, selector) => total + valuesOf(selector), 0);
  }

  /** The selectors in CloudFormation's shape. */
  public render(): Selector[] {
    const selectors: Selector[] = [];
    if (this.managementFilter) {
      selectors.push({
        name: `Management events (${this.managementFilter.name})`,
        fieldSelectors: [equals('eventCategory', 'Management'), ...readOnlyField(this.managementFilter)],
      });
    }
    for (const group of this.groups) {
      const arnCondition: FieldSelector = group.isPrefix
        ? { field: 'resources.ARN', startsWith: [...group.arns] }
        : { field: 'resources.ARN', equalTo: [...group.arns] };
      selectors.push({
        name: `${group.type} data events (${group.filter.name})`,
        fieldSelectors: [
          equals('eventCategory', 'Data'),
          equals('resources.type', group.type),
          arnCondition,
          ...readOnlyField(group.filter),
        ],
      });
    }
    return selectors;
  }
}

function equals(field: string, value: string): FieldSelector {
  return { field, equalTo: [value] };
}

function readOnlyField(filter: EventFilter): FieldSelector[] {
  if (filter === EventFilter.READ_ONLY) {
    return [equals('readOnly', 'true')];
  }
  if (filter === EventFilter.WRITE_ONLY) {
    return [equals('readOnly', 'false')];
  }
  return [];
}

function valuesOf(selector: Selector): number {
  const fields = selector.fieldSelectors as FieldSelector[];
  return fields.reduce((total, field) => total +
    [field.equalTo, field.startsWith, field.endsWith, field.notEquals, field.notStartsWith, field.notEndsWith]
      .reduce((count, values) => count + ((values as string[] | undefined)?.length ?? 0), 0), 0);
}
