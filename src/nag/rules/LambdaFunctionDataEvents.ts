import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { hasDataEventCoverage } from '../private/data-event-coverage';

/**
 * Lambda functions are covered by a CloudTrail data-event selector (a trail or event data
 * store of the same app selecting `AWS::Lambda::Function` invoke events for this function or
 * for all functions), so every invocation is attributed to a caller.
 */
export function LambdaFunctionDataEvents(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Lambda::Function') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const functionName = cfnProperties(node).FunctionName;
  const covered = hasDataEventCoverage({
    resource: node,
    dataResourceType: 'AWS::Lambda::Function',
    service: 'lambda',
    arnSuffix: typeof functionName === 'string' ? `:function:${functionName}` : undefined,
  });
  return covered ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
