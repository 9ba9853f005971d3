/**
 * Synthesizes the synth benchmark's scaled app (bench/synth/variants/library-scaled.ts: a platform
 * stack with the keys, service stacks of 20 services each, an audit stack) into a directory, as the
 * CDK CLI would (construct paths in the template metadata). Usage:
 * `ts-node bench/gate/synth-scaled.ts <outdir> [services, default 50]`.
 */
import { libraryScaledApp } from '../synth/variants/library-scaled';

const [outdir, services = '50'] = process.argv.slice(2);
if (!outdir) {
  throw new Error('usage: synth-scaled.ts <outdir> [services]');
}
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:enable-path-metadata': true, ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') });
libraryScaledApp(Number(services), outdir).app.synth();
