import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { parseCidr } from './cidr';

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRuleGroup(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

/** A block rule for every source outside the allowed CIDR blocks (one IP set per address family). */
function allowListRule(scope: Construct, cidrs: string[]): wafv2.CfnWebACL.RuleProperty {
  const families: [string, 'IPV4' | 'IPV6', number][] = [['AllowedIpv4', 'IPV4', 4], ['AllowedIpv6', 'IPV6', 6]];
  const references = families
    .map(([id, family, version]) => [id, family, cidrs.filter((cidr) => parseCidr(cidr)?.version === version)] as const)
    .filter(([, , addresses]) => addresses.length > 0)
    .map(([id, family, addresses]) => new wafv2.CfnIPSet(scope, id, { scope: 'REGIONAL', ipAddressVersion: family, addresses }))
    .map((ipSet) => ({ ipSetReferenceStatement: { arn: ipSet.attrArn } }));
  const allowed = references.length === 1 ? references[0] : { orStatement: { statements: references } };
  return {
    name: 'BlockOutsideAllowedSourceCidrs',
    priority: 0,
    action: { block: {} },
    statement: { notStatement: { statement: allowed } },
    visibilityConfig: visibility('BlockOutsideAllowedSourceCidrs'),
  };
}

/**
 * A regional web ACL: the source IP allow list (when given), a per-IP rate limit, and AWS's
 * managed common and known-bad-inputs rule groups, each with CloudWatch metrics.
 */
export function createWebAcl(
  scope: Construct, id: string, cidrs: string[] | undefined, rateLimit: number, logKey: kms.IKey, logRetention: logs.RetentionDays,
): wafv2.CfnWebACL {
  const container = new Construct(scope, id);
  const rules = [
    ...(cidrs ? [allowListRule(container, cidrs)] : []),
    {
      name: 'RateLimitPerSourceIp',
      priority: 1,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RateLimitPerSourceIp'),
    },
    managedRuleGroup('AWSManagedRulesCommonRuleSet', 2),
    managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
  ];
  const webAcl = new wafv2.CfnWebACL(container, 'Resource', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    rules,
    visibilityConfig: visibility('SecureApi'),
  });
  logWebAcl(container, webAcl, logKey, logRetention);
  return webAcl;
}

/**
 * Logs the web ACL's decisions to a log group encrypted with the AUDIT key (WAF requires the
 * name to start with `aws-waf-logs-`), with the credential-bearing headers redacted.
 */
function logWebAcl(scope: Construct, webAcl: wafv2.CfnWebACL, key: kms.IKey, retention: logs.RetentionDays): void {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName: `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400 })}`,
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new wafv2.CfnLoggingConfiguration(scope, 'Logging', {
    resourceArn: webAcl.attrArn,
    // WAF wants the log group's ARN without the trailing `:*` that `logGroupArn` carries.
    logDestinationConfigs: [Stack.of(scope).formatArn({
      service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
  });
}
