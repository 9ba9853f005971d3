import { CfnResource } from 'aws-cdk-lib';
import { asArray, isIntrinsic } from './cfn-values';
import { PolicyStatementView, writtenDown } from './policy-statements';
import { UnvalidatableValueError } from './unvalidatable';

/** Condition operators under which a principal whose ARN is listed is left out of a Deny. */
const ARN_EXEMPTION_OPERATORS = ['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'];
/** Condition operators under which a principal whose unique id is listed is left out of a Deny. */
const USER_ID_EXEMPTION_OPERATORS = ['StringNotEquals', 'StringNotLike'];
/** An IAM principal's ARN: a role, a user or an account's root user. */
const PRINCIPAL_ARN = /^arn:[^:]+:iam::[^:]+:(role\/.+|user\/.+|root)$/;
/** An IAM unique id (`AROA...` for a role, `AIDA...` for a user), with `:*` for every session of a role. */
const UNIQUE_ID = /^A[A-Z0-9]{15,127}(:\*)?$/;

/**
 * Whether a Deny statement leaves out only named principals: its `NotPrincipal` entries and
 * the principals its condition is false for must each be one role, user or root user named in
 * full.
 *
 * "Create a condition with multiple context keys or values" (IAM User Guide): "If your policy
 * has multiple condition operators or multiple keys attached to a single condition operator,
 * the conditions are evaluated using a logical AND." "IAM JSON policy elements: Condition
 * operators": the ARN operators match each colon-delimited part of the ARN with `*` and `?`
 * wildcards, and "If the policy condition requires that the key is not matched, such as
 * StringNotLike or ArnNotLike, and the right key is not present, the condition is true." So a
 * Deny leaves out everyone for whom any one of its conditions is false: each condition must be an
 * exemption of named principals (`aws:PrincipalArn` not equal to listed ARNs without a
 * wildcard or a policy variable, or `aws:userid` not equal to listed unique ids), and
 * `arn:aws:iam::*:role/*` (every role), `aws:PrincipalTag`, `aws:SourceIp` or
 * `aws:PrincipalAccount` exemptions leave out principals no one named. `IfExists` keeps the
 * Deny when the key is missing, so it is accepted; `ForAnyValue:`/`ForAllValues:` are for
 * multivalued keys and are not.
 */
export function exemptsOnlyNamedPrincipals(node: CfnResource, statement: PolicyStatementView, what: string): boolean {
  if (statement.notPrincipals.some((principal) => principal === '*' || hasWildcardOrVariable(principal))) {
    return false;
  }
  const condition = statement.condition;
  if (condition === undefined) {
    return true;
  }
  if (typeof condition !== 'object' || condition === null || isIntrinsic(condition)) {
    throw new UnvalidatableValueError(node, what, `the condition ${JSON.stringify(condition)} is not known at synth time`);
  }
  return Object.entries(condition).every(([operator, block]) => {
    if (typeof block !== 'object' || block === null || isIntrinsic(block)) {
      throw new UnvalidatableValueError(node, what, `the condition ${operator} is not known at synth time`);
    }
    const baseOperator = operator.replace(/IfExists$/, '');
    return Object.entries(block).every(([key, values]) => {
      const written = asArray(values).map((value) => writtenDown(node, value, what, `${operator} ${key} value`));
      switch (key.toLowerCase()) {
        case 'aws:principalarn':
          return ARN_EXEMPTION_OPERATORS.includes(baseOperator) && written.length > 0 &&
            written.every((value) => !hasWildcardOrVariable(value) && (PRINCIPAL_ARN.test(withoutPseudoColons(value)) || isReference(value)));
        case 'aws:userid':
          return USER_ID_EXEMPTION_OPERATORS.includes(baseOperator) && written.length > 0 && written.every((value) => UNIQUE_ID.test(value));
        default:
          return false;
      }
    });
  });
}

/** `*`, `?`, or a policy variable (`${aws:username}`, written `<aws:username>`): the value matches more than one principal. */
function hasWildcardOrVariable(value: string): boolean {
  return /[*?]/.test(value) || /<aws:[^:]/i.test(value) || /\$\{aws:/i.test(value);
}

/** `<AWS::Partition>` written `<Partition>`, so the ARN's colons are its own. */
function withoutPseudoColons(value: string): string {
  return value.replace(/<AWS::(\w+)>/g, '<$1>');
}

/** A value that is a whole reference (`<AdminRole.Arn>`, `<ImportValue:...>`): one resource's ARN. */
function isReference(value: string): boolean {
  return /^<[^<>]+>$/.test(value);
}
