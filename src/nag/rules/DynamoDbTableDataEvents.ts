import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataEventCompliance } from '../private/data-event-coverage';

/**
 * DynamoDB tables have every read and every write of their items recorded by CloudTrail data
 * events: a logging trail or event data store of the app, in the table's account and region
 * (or recording every region), selects `AWS::DynamoDB::Table` data events for this table or for
 * all tables, for both read and write events, and narrows them by nothing else.
 *
 * "Logging data events" (CloudTrail User Guide): "By default, trails and event data stores do
 * not log data events." "AdvancedFieldSelector" (CloudTrail API Reference): "If you do not add
 * this field [readOnly], CloudTrail logs both read and write events. A value of true logs only
 * read events. A value of false logs only write events." So a read-only selector covers no
 * write (`PutItem`, `DeleteItem`), and an `eventName` selector covers only the events it names.
 * See `hasDataEventCoverage` for the account and region rules.
 */
export function DynamoDbTableDataEvents(node: CfnResource): NagRuleCompliance {
  return dataEventCompliance(node, {
    cfnTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    dataResourceType: 'AWS::DynamoDB::Table',
    service: 'dynamodb',
    nameProperty: 'TableName',
    arnResourcePrefix: 'table/',
  });
}
