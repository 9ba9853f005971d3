import { NagMessageLevel } from 'cdk-nag';
import { RuleEntry } from '../private/rule-entry';
import { DynamoDbTableDataEvents, LambdaFunctionDataEvents } from '../rules';

const LOGGING_DATA_EVENTS = {
  title: 'Logging data events',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
};
const COVERAGE = 'Only a logging trail or event data store of the app, in the resource\'s account and in its region (or multi-region), whose selectors record both read and write events of the resource with no eventName or other narrowing, counts.';

/** The data-event rules: CloudTrail records who reads and writes the data. */
export const DATA_EVENT_RULES: RuleEntry[] = [
  {
    rule: DynamoDbTableDataEvents,
    level: NagMessageLevel.WARN,
    info: 'The DynamoDB table\'s reads and writes are not all recorded by a CloudTrail data-event selector of this app, in its account and region.',
    help: {
      risk: `Without DynamoDB data events CloudTrail records who changed the table's settings but not who read or wrote its items. ${COVERAGE}`,
      fixWithThisLibrary: 'register the table with an AuditTrail (EventFilter.ALL, the default).',
      fixWithAwsCdkLib: 'add the table\'s ARN to a trail\'s advanced event selectors (eventCategory Data, resources.type AWS::DynamoDB::Table) without a readOnly or eventName field; acknowledge this warning if an organization trail outside the app records them.',
      awsDoc: LOGGING_DATA_EVENTS,
    },
  },
  {
    rule: LambdaFunctionDataEvents,
    level: NagMessageLevel.WARN,
    info: 'The Lambda function\'s invocations are not all recorded by a CloudTrail data-event selector of this app, in its account and region.',
    help: {
      risk: `Without Lambda data events CloudTrail does not record who invoked the function. ${COVERAGE}`,
      fixWithThisLibrary: 'register the function with an AuditTrail (EventFilter.ALL, the default).',
      fixWithAwsCdkLib: 'call trail.addLambdaEventSelector([fn]) (read and write) or add the function\'s ARN to advanced event selectors (resources.type AWS::Lambda::Function); acknowledge this warning if an organization trail outside the app records them.',
      awsDoc: LOGGING_DATA_EVENTS,
    },
  },
];
