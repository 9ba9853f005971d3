/** Variant (a): the seed's demo built with this library (examples/findings-app.ts). */
import { DemoApp } from './demo-app';
import { findingsApp } from '../../../examples/findings-app';

export function libraryApp(outdir?: string, registerPacks = false): DemoApp {
  const { app, stack } = findingsApp({ outdir, registerPacks });
  return { app, stack };
}
