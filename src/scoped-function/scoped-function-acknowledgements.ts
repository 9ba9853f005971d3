import { IConstruct } from 'constructs';
import { BuiltInWildcardException } from './built-in-wildcard-exceptions';
import { acknowledgeFinding } from '../private/acknowledge';

/** Packs whose `IAMPolicyNoStatementsWithFullAccess` rule flags `service:*` actions. */
const FULL_ACCESS_RULES = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-IAMPolicyNoStatementsWithFullAccess`);

/** The library's own pack's wildcard rules (SecureServerlessChecks). */
const OWN_FULL_WILDCARDS = 'SecureServerless-IamPolicyNoFullWildcards';
const OWN_PARTIAL_WILDCARDS = 'SecureServerless-IamPolicyNoPartialWildcards';

/** Packs whose `LambdaInsideVPC` rule flags a function outside a VPC. */
const INSIDE_VPC_RULES = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-LambdaInsideVPC`);

const OUTSIDE_VPC_REASON = 'VPC placement is opt-in (the vpc prop): outside a VPC the function reaches AWS service ' +
  'endpoints over TLS with SigV4-signed requests its role alone authorizes, and it has no network path to private ' +
  "resources; a VPC would add ENI permissions on Resource '*' without narrowing what the role may do.";

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::*]` on the function's policy for the built-in
 * exceptions. The enforcement fails synthesis for any other `*` resource, so this can't hide one.
 */
export function acknowledgeBuiltInWildcards(policy: IConstruct, builtIns: BuiltInWildcardException[]): void {
  const reason = builtIns.map((exception) => exception.reason).join(' ');
  acknowledgeFinding(policy, 'AwsSolutions-IAM5[Resource::*]', reason);
  acknowledgeFinding(policy, `${OWN_FULL_WILDCARDS}[Resource::*]`, reason);
}

/** The cdk-nag acknowledgements matching a wildcard action registered with a reason. */
export function acknowledgeWildcardAction(policy: IConstruct, action: string, reason: string): void {
  acknowledgeFinding(policy, `AwsSolutions-IAM5[Action::${action}]`, reason);
  if (/^[\w-]+:\*$/.test(action)) {
    FULL_ACCESS_RULES.forEach((rule) => acknowledgeFinding(policy, rule, reason));
    acknowledgeFinding(policy, `${OWN_FULL_WILDCARDS}[Action::${action}]`, reason);
  } else {
    acknowledgeFinding(policy, `${OWN_PARTIAL_WILDCARDS}[Action::${action}]`, reason);
  }
}

/** The cdk-nag acknowledgement matching a wildcard resource registered with a reason. */
export function acknowledgeWildcardResource(policy: IConstruct, resourceText: string, reason: string): void {
  acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${resourceText}]`, reason);
  const ownRule = resourceText === '*' ? OWN_FULL_WILDCARDS : OWN_PARTIAL_WILDCARDS;
  acknowledgeFinding(policy, `${ownRule}[Resource::${resourceText}]`, reason);
}

/** Acknowledges the Serverless pack's redrive rule on the queue that is itself the dead-letter queue. */
export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  acknowledgeFinding(queue, 'Serverless-SQSRedrivePolicy',
    "This queue is itself the function's dead-letter queue (Lambda's DeadLetterConfig), kept for 14 days by default; " +
    'a dead-letter queue behind it would only move failed events one hop further. Its redrive-allow policy denies ' +
    'every source queue, so nothing else can use it as theirs.');
}

/** Acknowledges the packs' "Lambda inside VPC" rule for a function placed outside one. */
export function acknowledgeOutsideVpc(fn: IConstruct): void {
  INSIDE_VPC_RULES.forEach((rule) => acknowledgeFinding(fn, rule, OUTSIDE_VPC_REASON));
}
