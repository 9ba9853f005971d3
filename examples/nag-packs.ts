import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R4Checks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SecureServerlessChecks } from '../src';

/** Every cdk-nag pack, plus the library's own: what the example app and the benchmark run. */
export function everyNagPack(scope?: IConstruct): NagPack[] {
  return [
    new AwsSolutionsChecks(scope),
    new HIPAASecurityChecks(scope),
    new NIST80053R4Checks(scope),
    new NIST80053R5Checks(scope),
    new PCIDSS321Checks(scope),
    new ServerlessChecks(scope),
    new SecureServerlessChecks(scope),
  ];
}
