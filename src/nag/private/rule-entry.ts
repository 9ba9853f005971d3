import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';

/** The AWS documentation page a rule rests on. */
export interface AwsDocPage {
  /** The page's title, as AWS writes it. */
  readonly title: string;
  /** The page's address on the AWS documentation site. */
  readonly url: string;
}

/**
 * What a user reads about a rule in a pipeline: the pack's explanation and, later, a report's
 * rule description are both written from these parts, so the text lives in one place.
 */
export interface RuleHelp {
  /** What the rule protects against. */
  readonly risk: string;
  /** How to comply with this library's constructs. */
  readonly fixWithThisLibrary: string;
  /** How to comply with plain aws-cdk-lib (or the CloudFormation property to set). */
  readonly fixWithAwsCdkLib: string;
  /** The AWS documentation the rule rests on. */
  readonly awsDoc: AwsDocPage;
}

/** A rule of the pack with everything the pack and a report say about it. */
export interface RuleEntry {
  /** The rule; its function name is the rule id after `SecureServerless-`. */
  readonly rule: (node: CfnResource) => NagRuleResult;
  readonly level: NagMessageLevel;
  /** One sentence: what the finding means. */
  readonly info: string;
  readonly help: RuleHelp;
}

/** A rule's help as one paragraph: the risk, both fixes and the AWS page. */
export function helpParagraph(help: RuleHelp): string {
  return `${help.risk} With cdk-secure-serverless: ${help.fixWithThisLibrary} With aws-cdk-lib: ${help.fixWithAwsCdkLib} ` +
    `See "${help.awsDoc.title}" (${help.awsDoc.url}).`;
}
