import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NagPackProps,
  NIST80053R4Checks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { SecureServerlessChecks } from '../../nag';
import { InvalidPropError } from '../../private/errors';

/**
 * Every pack the library knows, by the name that prefixes its rule ids, in the order they run
 * and report: the one list the gate, the example app, the tests and the benchmarks share.
 */
const PACKS: Record<string, (props: NagPackProps) => NagPack> = {
  'AwsSolutions': (props) => new AwsSolutionsChecks(undefined, props),
  'HIPAA.Security': (props) => new HIPAASecurityChecks(undefined, props),
  'NIST.800.53.R4': (props) => new NIST80053R4Checks(undefined, props),
  'NIST.800.53.R5': (props) => new NIST80053R5Checks(undefined, props),
  'PCI.DSS.321': (props) => new PCIDSS321Checks(undefined, props),
  'Serverless': (props) => new ServerlessChecks(undefined, props),
  'SecureServerless': (props) => new SecureServerlessChecks(undefined, props),
};

/** The names `--packs` accepts. */
export const PACK_NAMES = Object.keys(PACKS);

/**
 * New packs by name (every pack when none are named); an unknown name fails, listing the known
 * ones. Verbose by default: the gate reports each rule's explanation.
 */
export function packsNamed(names: string[] | undefined, props: NagPackProps = { verbose: true }): NagPack[] {
  const chosen = names && names.length > 0 ? names : PACK_NAMES;
  return chosen.map((name) => {
    const make = PACKS[name];
    if (!make) {
      throw new InvalidPropError('ComplianceGate.UnknownPack', undefined, 'packs', `unknown pack '${name}'`, `choose among ${PACK_NAMES.join(', ')}`);
    }
    const pack = make(props);
    if (pack.readPackName !== name) {
      throw new Error(`pack ${name} calls itself ${pack.readPackName}`);
    }
    return pack;
  });
}
