import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, REGION } from './cfn-resolve';

/** A stack in the fixed test account and region. */
export function testStack(id = 'Test'): Stack {
  return new Stack(new App(), id, { env: { account: ACCOUNT, region: REGION } });
}

/** Synthesizes the app a stack belongs to, running every validation. */
export function synth(stack: Stack): void {
  (stack.node.root as App).synth();
}

/** The message of a failed synthesis (empty when it succeeds). */
export function synthErrors(stack: Stack): string {
  try {
    synth(stack);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
