import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R4Checks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { SecureServerlessChecks } from '../../nag';

/** Every pack the gate can run, by the name that prefixes its rule ids. */
const PACKS: Record<string, () => NagPack> = {
  'SecureServerless': () => new SecureServerlessChecks(undefined, { verbose: true }),
  'AwsSolutions': () => new AwsSolutionsChecks(undefined, { verbose: true }),
  'HIPAA.Security': () => new HIPAASecurityChecks(undefined, { verbose: true }),
  'NIST.800.53.R4': () => new NIST80053R4Checks(undefined, { verbose: true }),
  'NIST.800.53.R5': () => new NIST80053R5Checks(undefined, { verbose: true }),
  'PCI.DSS.321': () => new PCIDSS321Checks(undefined, { verbose: true }),
  'Serverless': () => new ServerlessChecks(undefined, { verbose: true }),
};

/** The names `--packs` accepts. */
export const PACK_NAMES = Object.keys(PACKS);

/** New packs by name (every pack when none are named); an unknown name fails, listing the known ones. */
export function packsNamed(names: string[] | undefined): NagPack[] {
  const chosen = names && names.length > 0 ? names : PACK_NAMES;
  return chosen.map((name) => {
    const make = PACKS[name];
    if (!make) {
      throw new Error(`unknown pack '${name}': choose among ${PACK_NAMES.join(', ')}`);
    }
    const pack = make();
    if (pack.readPackName !== name) {
      throw new Error(`pack ${name} calls itself ${pack.readPackName}`);
    }
    return pack;
  });
}
