/** The variants the benchmark builds, by the letter the report uses. */
import { DemoApp } from './demo-app';
import { hardenedL2App } from './hardened-l2';
import { libraryApp } from './library';
import { libraryScaledApp } from './library-scaled';
import { plainL2App } from './plain-l2';
import { solutionsConstructsApp } from './solutions-constructs';

export type VariantId = 'a-library' | 'b-plain-l2' | 'c-hardened-l2' | 'd-solutions-constructs' | 'scaled-library';

export const VARIANT_LABELS: Record<VariantId, string> = {
  'a-library': '(a) cdk-secure-serverless',
  'b-plain-l2': '(b) plain L2, no hardening',
  'c-hardened-l2': '(c) hand-hardened L2',
  'd-solutions-constructs': '(d) AWS Solutions Constructs',
  'scaled-library': 'cdk-secure-serverless, N services',
};

export function buildVariant(variant: VariantId, outdir: string, services: number): DemoApp {
  switch (variant) {
    case 'a-library': return libraryApp(outdir);
    case 'b-plain-l2': return plainL2App(outdir);
    case 'c-hardened-l2': return hardenedL2App(outdir);
    case 'd-solutions-constructs': return solutionsConstructsApp(outdir);
    case 'scaled-library': return libraryScaledApp(services, outdir);
  }
}
