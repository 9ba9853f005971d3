import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { dataEventCompliance } from '../private/data-event-coverage';

/**
 * Lambda functions have every invocation recorded by CloudTrail data events: a logging trail or
 * event data store of the app, in the function's account and region (or recording every
 * region), selects `AWS::Lambda::Function` data events for this function or for all functions,
 * for both read and write events, and narrows them by nothing else.
 *
 * "Logging data events" (CloudTrail User Guide) lists "AWS Lambda function execution activity
 * (the Invoke API)" among data events, which trails don't log by default. AWS documents
 * `readOnly` (true: only read events, false: only write events) without saying per event which
 * class `Invoke` falls in, so only a selection of both classes (no `readOnly` field, or one
 * selector of each) counts; an `eventName` field covers only the events it names.
 */
export function LambdaFunctionDataEvents(node: CfnResource): NagRuleCompliance {
  return dataEventCompliance(node, {
    cfnTypes: ['AWS::Lambda::Function'],
    dataResourceType: 'AWS::Lambda::Function',
    service: 'lambda',
    nameProperty: 'FunctionName',
    arnResourcePrefix: 'function:',
  });
}
