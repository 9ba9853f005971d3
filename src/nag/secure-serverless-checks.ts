import { CfnResource } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SECURE_SERVERLESS_RULES } from './catalog';
import { helpParagraph } from './private/rule-entry';

/**
 * The serverless security patterns of cdk-secure-serverless as a cdk-nag v3 rule pack, for
 * any CDK app, including resources this library didn't make: authorizers on every method of
 * REST APIs (OpenAPI bodies included) and every route of HTTP and WebSocket APIs, no wildcard
 * permissions (full-access managed policies and open Lambda permissions included),
 * customer-managed keys for data at rest, guarded and rotated keys, TLS 1.2 and no mTLS
 * bypass on custom domains, CloudTrail data events for tables and functions, and Lambda
 * authorizer caching keyed on the caller. Each finding's explanation says what the rule
 * protects against, how to fix it with this library and with aws-cdk-lib, and the AWS page
 * it rests on.
 *
 * Rule ids are `SecureServerless-<Rule>`; rules about policy statements report one finding per
 * wildcard (`SecureServerless-IamPolicyNoFullWildcards[Resource::*]`). A value a rule can't
 * read at synth time (a template parameter, a condition) is reported as a finding of that rule,
 * never taken as compliant; `verbose: true` says which value and why.
 *
 * Acknowledge a finding on the resource or an ancestor with
 * `Validations.of(construct).acknowledge({ id, reason })`. That call rejects ids with more than
 * one `::` (most ids that carry an ARN; cdk-nag issues 2351 and 2359); for those, add the same
 * entry to the construct's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY` metadata, which is
 * what the pack reads.
 *
 * @example
 * Validations.of(app).addPlugins(new SecureServerlessChecks(app));
 */
export class SecureServerlessChecks extends NagPack {
  /** The pack's name, the prefix of its rule ids. */
  public readonly name = 'SecureServerless';

  /**
   * @param scope the app, needed only with `writeSuppressionsToCloudFormation`
   * @param props cdk-nag pack options
   */
  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'SecureServerless';
  }

  protected checkResource(node: CfnResource): void {
    for (const { rule, level, info, help } of SECURE_SERVERLESS_RULES) {
      this.applyRule({ rule, level, info, explanation: helpParagraph(help), node });
    }
  }
}
