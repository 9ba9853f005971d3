/** The shape of bench/results/synth.json. */
import { PackFindings } from './measure-variant';
import { SelfTime } from './profile-summary';
import { Spread } from './stats';

export interface VariantResult {
  readonly id: string;
  readonly label: string;
  /** construct + synth in a fresh process, after the modules are loaded. */
  readonly buildMillis: Spread;
  readonly loadMillis: Spread;
  readonly constructMillis: Spread;
  readonly synthMillis: Spread;
  readonly maxRssMegabytes: Spread;
  /** This variant's build time over (c)'s in the same round, per round. */
  readonly ratioToHardened: Spread;
  readonly resources: number;
  readonly templateBytes: number;
  readonly kmsKeys: number;
  readonly wildcardResourceStatements: number;
  readonly packs: PackFindings[];
}

export interface NagCostResult {
  readonly id: string;
  readonly label: string;
  readonly withoutPacksMillis: Spread;
  readonly withPacksMillis: Spread;
  /** with / without in the same round, per round. */
  readonly ratio: Spread;
  readonly addedMillis: number;
  readonly maxRssWithPacksMegabytes: Spread;
}

export interface ScalingResult {
  readonly services: number;
  readonly buildMillis: Spread;
  readonly maxRssMegabytes: Spread;
  readonly resources: number;
  readonly templateBytes: number;
  readonly kmsKeys: number;
  /** One key per service plus one each for the shared API and trail (the assumption the saving uses). */
  readonly keysWithKeyPerService: number;
  /** Resources on a customer-managed key: the keys a key-per-resource design would create. */
  readonly keysWithKeyPerResource: number;
  readonly monthlyKeyCostUsd: number;
  readonly monthlySavingVsKeyPerServiceUsd: number;
}

export interface Target {
  readonly name: string;
  readonly value: string;
  readonly met: boolean;
}

export interface SynthBenchResults {
  readonly date: string;
  readonly command: string;
  readonly machine: {
    readonly node: string;
    readonly cpu: string;
    readonly cpus: number;
    readonly memoryGigabytes: number;
    readonly loadAverageAtStart: number[];
    readonly loadAverageAtEnd: number[];
  };
  readonly versions: Record<string, string>;
  readonly rounds: number;
  readonly scalingRounds: number;
  readonly variants: VariantResult[];
  readonly nagCost: NagCostResult[];
  readonly scaling: ScalingResult[];
  readonly keyPriceUsdPerMonth: number;
  readonly targets: Target[];
  readonly profiles: Record<string, SelfTime[]>;
  readonly authorizer: unknown;
}
