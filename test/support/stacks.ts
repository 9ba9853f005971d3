import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, REGION } from './cfn-resolve';

/** A stack in the fixed test account and region. */
export function testStack(id = 'Test'): Stack {
  return new Stack(new App(), id, { env: { account: ACCOUNT, region: REGION } });
}
