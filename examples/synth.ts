/**
 * Synthesizes the example app into a directory, as the CDK CLI would (construct paths in the
 * template metadata), without running the packs: what a pipeline's `cdk synth` leaves for the
 * compliance gate. Usage: `ts-node examples/synth.ts <outdir>`.
 */
import { findingsApp } from './findings-app';

const outdir = process.argv[2];
if (!outdir) {
  throw new Error('usage: synth.ts <outdir>');
}
// The CDK CLI passes its context to the app in CDK_CONTEXT_JSON; path metadata is on by default there.
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:enable-path-metadata': true, ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') });
findingsApp({ outdir, registerPacks: false }).app.synth();
