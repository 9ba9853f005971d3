/** What every variant returns: the app to synthesize and the stack the seed's demo lives in. */
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';

export interface DemoApp {
  readonly app: App;
  readonly stack: Stack;
}

/** The bundled example handlers (`npx projen examples:bundle`), shared by every variant. */
export const HANDLER_DIR = (name: string) => join(__dirname, '..', '..', '..', 'examples', 'dist', name);

export const DEMO_ENV = { account: '111111111111', region: 'us-east-1' };

export function demoStack(outdir?: string): DemoApp {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Findings', { env: DEMO_ENV });
  return { app, stack };
}
