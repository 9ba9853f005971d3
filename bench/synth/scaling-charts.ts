/** The scaling charts: synthesis time and template size against the number of services. */
import { ScalingResult } from './results-model';
import { lineChart } from './svg-chart';

export function scalingCharts(scaling: ScalingResult[]): Record<string, string> {
  return {
    'synth-scaling-time.svg': lineChart([{
      name: 'construct + synth, median (whiskers: min–max)',
      color: '#1f77b4',
      points: scaling.map((s) => ({ x: s.services, y: s.buildMillis.median, low: s.buildMillis.min, high: s.buildMillis.max })),
    }], {
      title: 'cdk-secure-serverless: synthesis time vs app size',
      xLabel: 'services (table + function + route each)',
      yLabel: 'milliseconds',
    }),
    'synth-scaling-size.svg': lineChart([
      { name: 'template KB', color: '#2ca02c', points: scaling.map((s) => ({ x: s.services, y: s.templateBytes / 1024 })) },
      { name: 'CloudFormation resources', color: '#ff7f0e', points: scaling.map((s) => ({ x: s.services, y: s.resources })) },
    ], {
      title: 'cdk-secure-serverless: template size vs app size',
      xLabel: 'services (table + function + route each)',
      yLabel: 'KB / resources',
    }),
    'synth-scaling-keys.svg': lineChart([
      { name: 'KMS keys, one per use (this library)', color: '#d62728', points: scaling.map((s) => ({ x: s.services, y: s.kmsKeys })) },
      { name: 'a key per service', color: '#9467bd', points: scaling.map((s) => ({ x: s.services, y: s.keysWithKeyPerService })) },
      { name: 'a key per encrypted resource', color: '#8c564b', points: scaling.map((s) => ({ x: s.services, y: s.keysWithKeyPerResource })) },
    ], {
      title: 'Customer-managed keys (USD 1 each per month) vs app size',
      xLabel: 'services (table + function + route each)',
      yLabel: 'keys',
    }),
  };
}
