import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { hasDataEventCoverage } from '../private/data-event-coverage';

/**
 * DynamoDB tables are covered by a CloudTrail data-event selector (a trail or event data store
 * of the same app selecting `AWS::DynamoDB::Table` data events for this table or for all
 * tables), so every read and write of the data is attributed to a caller.
 */
export function DynamoDbTableDataEvents(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::DynamoDB::Table' && node.cfnResourceType !== 'AWS::DynamoDB::GlobalTable') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const tableName = cfnProperties(node).TableName;
  const covered = hasDataEventCoverage({
    resource: node,
    dataResourceType: 'AWS::DynamoDB::Table',
    service: 'dynamodb',
    arnSuffix: typeof tableName === 'string' ? `:table/${tableName}` : undefined,
  });
  return covered ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
