import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InvalidPropError } from './errors';

/**
 * A rule CloudFormation (or the service behind it) applies to a string at deploy time, checked at
 * synthesis instead so a bad prop fails with the construct path, the prop and the fix.
 */
export interface DeployTimeRule {
  /** The failure's stable code (see `Failure.code`). */
  readonly code: string;
  /** What the value is, for the message ("a Cognito scope name"). */
  readonly what: string;
  readonly pattern: RegExp;
  readonly minLength: number;
  /** The longest value, when a length is documented. */
  readonly maxLength?: number;
  /** What the value may hold, as the fix tells it. */
  readonly allowed: string;
  /** Further refusals the pattern can't express, each with why. */
  readonly refuse?: ReadonlyArray<{ readonly test: RegExp; readonly why: string }>;
}

/*
 * The patterns below are the CloudFormation resource schemas' (as cfn-lint 1.58.0, pinned in
 * test/compliance/requirements.txt, ships them), or the service documentation where the schema has
 * none. They are written in ASCII classes: the services match in Java, where `\w` and `\s` are
 * ASCII, while a JavaScript `\s` would also take Unicode spaces.
 */
export const DEPLOY_TIME_RULES = {
  /** AWS::Cognito::UserPoolResourceServer ResourceServerScopeType.ScopeName: `^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$`, 1-256 (no space, `"`, `/` or `\`). */
  cognitoScopeName: {
    code: 'SecureApi.InvalidCognitoScopeName',
    what: 'a Cognito scope name',
    pattern: /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/,
    minLength: 1,
    maxLength: 256,
    allowed: "printable ASCII without spaces, '\"', '/' or '\\' (the scope is sent as '<identifier>/<name>'), e.g. 'orders.write'",
  },
  /** AWS::Cognito::UserPoolResourceServer Identifier: `^[\x21\x23-\x5B\x5D-\x7E]+$`, 1-256 (a URL is allowed, and AWS recommends one). */
  cognitoResourceServerIdentifier: {
    code: 'SecureApi.InvalidCognitoResourceServerIdentifier',
    what: 'a Cognito resource server identifier',
    pattern: /^[\x21\x23-\x5B\x5D-\x7E]+$/,
    minLength: 1,
    maxLength: 256,
    allowed: "printable ASCII without spaces, '\"' or '\\', e.g. 'https://orders.example.com'",
  },
  /** AWS::Cognito::UserPoolResourceServer Name: `^[\w\s+=,.@-]+$`, 1-256 (no `:` or `/`: a URL is not a valid name). */
  cognitoResourceServerName: {
    code: 'SecureApi.InvalidCognitoResourceServerName',
    what: 'a Cognito resource server name',
    pattern: /^[A-Za-z0-9_ \t\n\v\f\r+=,.@-]+$/,
    minLength: 1,
    maxLength: 256,
    allowed: "letters, digits, spaces and '_+=,.@-'",
  },
  /** AWS::Cognito::UserPoolClient AllowedOAuthScopes items: `^[\x21\x23-\x5B\x5D-\x7E]+$`, 1-256: `<identifier>/<scope>` as a whole. */
  cognitoOAuthScope: {
    code: 'SecureApi.InvalidCognitoOAuthScope',
    what: "a client's OAuth scope ('<identifier>/<scope name>')",
    pattern: /^[\x21\x23-\x5B\x5D-\x7E]+$/,
    minLength: 1,
    maxLength: 256,
    allowed: 'at most 256 characters for the identifier, the slash and the scope name together',
  },
  /** AWS::Cognito::UserPoolClient ClientName: `^[\w\s+=,.@-]+$`, 1-128. */
  cognitoClientName: {
    code: 'SecureApi.InvalidCognitoClientName',
    what: 'a Cognito app client name',
    pattern: /^[A-Za-z0-9_ \t\n\v\f\r+=,.@-]+$/,
    minLength: 1,
    maxLength: 128,
    allowed: "1 to 128 letters, digits, spaces and '_+=,.@-'",
  },
  /**
   * AWS::Cognito::UserPoolDomain Domain: `^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`, 1-63 ("only
   * lowercase letters, numbers, and hyphens. Don't use a hyphen for the first or last character").
   * Cognito's CreateUserPoolDomain also refuses reserved words in a prefix ("Domain cannot contain
   * reserved word: aws", InvalidParameterException, as reported in aws-solutions/content-analysis-on-aws
   * issue 8; `amazon` and `cognito` likewise, amazon-connect/voicemail-for-amazon-connect issue 3).
   */
  cognitoDomainPrefix: {
    code: 'SecureApi.InvalidCognitoDomainPrefix',
    what: 'a Cognito domain prefix',
    pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    minLength: 1,
    maxLength: 63,
    allowed: 'lowercase letters, digits and hyphens, not starting or ending with a hyphen, without aws, amazon or cognito',
    refuse: [{ test: /aws|amazon|cognito/, why: 'it contains a word Amazon Cognito reserves (aws, amazon, cognito)' }],
  },
  /**
   * API Gateway stage names (the AWS::ApiGateway::Stage schema has no pattern; Amazon API Gateway
   * API Reference, `Stage` `stageName`: "Stage names can only contain alphanumeric characters,
   * hyphens, and underscores. Maximum length is 128 characters.").
   */
  apiGatewayStageName: {
    code: 'SecureApi.InvalidStageName',
    what: 'an API Gateway stage name',
    pattern: /^[A-Za-z0-9_-]+$/,
    minLength: 1,
    maxLength: 128,
    allowed: "1 to 128 letters, digits, '-' and '_'",
  },
  /**
   * A literal segment of a resource path (AWS::ApiGateway::Resource PathPart; the schema has no
   * pattern). aws-cdk-lib's `Resource` refuses any other: "Resource's path part only allow
   * [a-zA-Z0-9:._-$], an optional trailing '+' and curly braces at the beginning and the end".
   */
  apiGatewayPathPart: {
    code: 'SecureApi.InvalidRoutePathSegment',
    what: 'an API Gateway resource path segment',
    pattern: /^[A-Za-z0-9:._$-]+$/,
    minLength: 1,
    allowed: "letters, digits and ':._-$' in each literal segment, e.g. '/findings/v1.0/{orgId}'",
  },
  /**
   * A custom domain's base path mapping (AWS::ApiGateway::BasePathMapping BasePath; the schema has
   * no pattern). API Gateway Developer Guide, "API mappings for custom domain names": a base path
   * of one level maps through a BasePathMapping, and aws-cdk-lib's `addBasePathMapping` accepts
   * only letters, digits and `$-_.+!*'()` (a multi-level path needs an API mapping).
   */
  apiGatewayBasePath: {
    code: 'SecureApi.InvalidBasePath',
    what: 'a single-level API Gateway base path',
    pattern: /^[A-Za-z0-9$_.+!*'()-]+$/,
    minLength: 1,
    allowed: "one level of letters, digits and \"$-_.+!*'()\", e.g. 'v1'",
  },
  /**
   * AWS::CloudTrail::Trail TrailName: `(^[a-zA-Z0-9]$)|(^[a-zA-Z0-9]([a-zA-Z0-9\._-])*[a-zA-Z0-9]$)`,
   * 3-128. CloudTrail API Reference, CreateTrail `Name`: no adjacent periods, underscores or
   * dashes, and "Not be in IP address format".
   */
  cloudTrailName: {
    code: 'AuditTrail.InvalidTrailName',
    what: 'a CloudTrail trail name',
    pattern: /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/,
    minLength: 3,
    maxLength: 128,
    allowed: "3 to 128 letters, digits, '.', '_' and '-', starting and ending with a letter or digit",
    refuse: [
      { test: /[._-]{2}/, why: "it has adjacent '.', '_' or '-' characters" },
      { test: /^\d{1,3}(\.\d{1,3}){3}$/, why: 'it is in IP address format' },
    ],
  },
  /**
   * DynamoDB table names (the AWS::DynamoDB::Table schema only bounds 1-1024; Amazon DynamoDB
   * Developer Guide, "Naming rules": "between 3 and 255 characters long ... a-z, A-Z, 0-9, _, -, .").
   */
  dynamoDbTableName: {
    code: 'EncryptedTable.InvalidTableName',
    what: 'a DynamoDB table name',
    pattern: /^[A-Za-z0-9_.-]+$/,
    minLength: 3,
    maxLength: 255,
    allowed: "3 to 255 letters, digits, '_', '-' and '.'",
  },
} satisfies Record<string, DeployTimeRule>;

/** Why the value breaks the rule, or `undefined` when it holds (or is a token, only known at deploy). */
export function deployTimeProblem(value: string, rule: DeployTimeRule): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.length < rule.minLength || value.length > (rule.maxLength ?? Infinity)) {
    return `it is ${value.length} characters long, outside ${rule.minLength} to ${rule.maxLength ?? 'any length'}`;
  }
  if (!rule.pattern.test(value)) {
    return `it holds characters CloudFormation refuses there (${rule.pattern.source})`;
  }
  return rule.refuse?.find((refusal) => refusal.test.test(value))?.why;
}

/** The value, or an `InvalidPropError` naming the prop when AWS would refuse it at deploy. */
export function validDeployTimeString(scope: IConstruct, prop: string, value: string, rule: DeployTimeRule): string {
  const problem = deployTimeProblem(value, rule);
  if (problem !== undefined) {
    throw new InvalidPropError(rule.code, scope, prop, `${JSON.stringify(value)} is not ${rule.what}: ${problem}`, `use ${rule.allowed}`);
  }
  return value;
}
