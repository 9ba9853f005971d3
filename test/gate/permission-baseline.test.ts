/**
 * "Does this change add access?" The gate judges it statement by statement, offline. The oracle
 * is an IAM policy evaluator (@cloud-copilot/iam-simulate, a test-only dependency): a change adds
 * access when some request is allowed after it and was not before. Each case gives the policy
 * before and after, and requests that probe the difference; the gate's verdict must be the
 * evaluator's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { readStackTemplates } from '../../src/gate/private/assembly';
import { comparePermissions } from '../../src/gate/private/permission-baseline';
import { permissionsOf } from '../../src/gate/private/permission-tuples';

const ACCOUNT = '111111111111';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/worker`;

interface Probe {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

/** The statements as the identity policy of one role, in a template file. */
function roleTemplate(statements: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gate-baseline-')), 'Stack.template.json');
  writeFileSync(file, JSON.stringify({
    Resources: {
      Worker: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'worker', Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } },
    },
  }));
  return file;
}

async function allowed(statements: object[], probe: Probe): Promise<boolean> {
  const response = await runSimulation({
    request: {
      principal: ROLE_ARN,
      action: probe.action,
      resource: { resource: probe.resource, accountId: ACCOUNT },
      contextVariables: { 'aws:PrincipalArn': ROLE_ARN, 'aws:PrincipalAccount': ACCOUNT, ...probe.context },
    },
    identityPolicies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: statements } }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (response.resultType === 'error') {
    throw new Error(`the simulator rejected ${JSON.stringify(probe)}: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult === 'Allowed';
}

/** The gate's verdict: does any change from `before` to `after` add access? */
function gateSaysAddsAccess(before: object[], after: object[]): boolean {
  const baseline = permissionsOf(readStackTemplates(roleTemplate(before)));
  const current = permissionsOf(readStackTemplates(roleTemplate(after)));
  return comparePermissions(baseline, current).some((delta) => delta.addsAccess);
}

/** The evaluator's verdict over the probes. */
async function evaluatorSaysAddsAccess(before: object[], after: object[], probes: Probe[]): Promise<boolean> {
  for (const probe of probes) {
    if (await allowed(after, probe) && !(await allowed(before, probe))) {
      return true;
    }
  }
  return false;
}

const OBJECT = 'arn:aws:s3:::data/reports/2026.json';
const OTHER_OBJECT = 'arn:aws:s3:::data/private/keys.pem';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const PROBES: Probe[] = [
  { action: 's3:GetObject', resource: OBJECT },
  { action: 's3:GetObject', resource: OTHER_OBJECT },
  { action: 's3:GetObjectAcl', resource: OBJECT },
  { action: 's3:PutObject', resource: OBJECT },
  { action: 's3:DeleteObject', resource: OBJECT },
  { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceVpce': 'vpce-1' } },
  { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceVpce': 'vpce-2' } },
  { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceVpce': 'vpce-3' } },
  { action: 'dynamodb:GetItem', resource: TABLE },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/payments` },
  { action: 'dynamodb:DeleteItem', resource: TABLE },
  { action: 'dynamodb:Query', resource: `${TABLE}/index/byDate` },
];

const allow = (action: string | string[], resource: string | string[], condition?: object) =>
  ({ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) });
const deny = (action: string | string[], resource: string | string[], condition?: object) =>
  ({ Effect: 'Deny', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) });
const viaVpce = (...ids: string[]) => ({ StringEquals: { 'aws:SourceVpce': ids } });

const CASES: Array<[string, object[], object[]]> = [
  ['the same policy', [allow('s3:GetObject', OBJECT)], [allow('s3:GetObject', OBJECT)]],
  ['s3:* replaces s3:GetObject', [allow('s3:GetObject', OBJECT)], [allow('s3:*', OBJECT)]],
  ['s3:GetObject* replaces s3:GetObject', [allow('s3:GetObject', OBJECT)], [allow('s3:GetObject*', OBJECT)]],
  ['s3:GetObject replaces s3:Get*', [allow('s3:Get*', OBJECT)], [allow('s3:GetObject', OBJECT)]],
  ['an action written in another case', [allow('s3:GetObject', OBJECT)], [allow('S3:getobject', OBJECT)]],
  ['a new action in the list', [allow('s3:GetObject', OBJECT)], [allow(['s3:GetObject', 's3:PutObject'], OBJECT)]],
  ['an action dropped from the list', [allow(['s3:GetObject', 's3:PutObject'], OBJECT)], [allow('s3:GetObject', OBJECT)]],
  ['a bucket-wide resource replaces one object', [allow('s3:GetObject', OBJECT)], [allow('s3:GetObject', 'arn:aws:s3:::data/*')]],
  ['one object replaces a prefix', [allow('s3:GetObject', 'arn:aws:s3:::data/reports/*')], [allow('s3:GetObject', OBJECT)]],
  ['* replaces the table', [allow('dynamodb:GetItem', TABLE)], [allow('dynamodb:GetItem', '*')]],
  ['the table\'s indexes added', [allow('dynamodb:Query', TABLE)], [allow('dynamodb:Query', [TABLE, `${TABLE}/index/*`])]],
  ['a condition dropped', [allow('s3:GetObject', OBJECT, viaVpce('vpce-1'))], [allow('s3:GetObject', OBJECT)]],
  ['a condition added', [allow('s3:GetObject', OBJECT)], [allow('s3:GetObject', OBJECT, viaVpce('vpce-1'))]],
  ['a condition value added', [allow('s3:GetObject', OBJECT, viaVpce('vpce-1'))], [allow('s3:GetObject', OBJECT, viaVpce('vpce-1', 'vpce-2'))]],
  ['a condition value removed', [allow('s3:GetObject', OBJECT, viaVpce('vpce-1', 'vpce-2'))], [allow('s3:GetObject', OBJECT, viaVpce('vpce-1'))]],
  ['a negated condition value removed', [allow('s3:GetObject', OBJECT, { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } })], [allow('s3:GetObject', OBJECT, { StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] } })]],
  ['a negated condition value added', [allow('s3:GetObject', OBJECT, { StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] } })], [allow('s3:GetObject', OBJECT, { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } })]],
  ['a Deny dropped', [allow('s3:*', OBJECT), deny('s3:DeleteObject', OBJECT)], [allow('s3:*', OBJECT)]],
  ['a Deny narrowed to fewer actions', [allow('s3:*', OBJECT), deny(['s3:DeleteObject', 's3:PutObject'], OBJECT)], [allow('s3:*', OBJECT), deny('s3:DeleteObject', OBJECT)]],
  ['a Deny widened', [allow('s3:*', OBJECT), deny('s3:DeleteObject', OBJECT)], [allow('s3:*', OBJECT), deny('s3:Delete*', OBJECT)]],
  ['a Deny given a condition', [allow('s3:*', OBJECT), deny('s3:DeleteObject', OBJECT)], [allow('s3:*', OBJECT), deny('s3:DeleteObject', OBJECT, viaVpce('vpce-1'))]],
  ['a Deny added', [allow('s3:*', OBJECT)], [allow('s3:*', OBJECT), deny('s3:PutObject', OBJECT)]],
  ['a grant moved to another statement', [allow(['s3:GetObject', 's3:PutObject'], OBJECT)], [allow('s3:PutObject', OBJECT), allow('s3:GetObject', OBJECT)]],
  ['everything removed', [allow('s3:GetObject', OBJECT), allow('dynamodb:GetItem', TABLE)], []],
];

describe('the gate says a change adds access exactly when the evaluator allows a request it did not', () => {
  test.each(CASES)('%s', async (_, before, after) => {
    const expected = await evaluatorSaysAddsAccess(before, after, PROBES);
    expect(gateSaysAddsAccess(before, after)).toBe(expected);
  });

  test('the cases cover both verdicts', async () => {
    const verdicts = await Promise.all(CASES.map(([, before, after]) => evaluatorSaysAddsAccess(before, after, PROBES)));
    expect(verdicts.filter((v) => v).length).toBeGreaterThanOrEqual(8);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThanOrEqual(8);
  });
});

describe('resource policies', () => {
  test('a new principal in a bucket policy adds access; narrowing a principal list does not', () => {
    const bucketPolicy = (principals: string[]) => {
      const file = join(mkdtempSync(join(tmpdir(), 'gate-baseline-rp-')), 'Stack.template.json');
      writeFileSync(file, JSON.stringify({
        Resources: {
          Policy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: { Bucket: 'data', PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] } },
          },
        },
      }));
      return permissionsOf(readStackTemplates(file));
    };
    const one = bucketPolicy(['arn:aws:iam::111111111111:role/reader']);
    const two = bucketPolicy(['arn:aws:iam::111111111111:role/reader', 'arn:aws:iam::222222222222:root']);
    const widened = comparePermissions(one, two);
    expect(widened).toEqual([expect.objectContaining({ change: 'added', addsAccess: true })]);
    expect(widened[0].permission.principal).toBe('AWS:arn:aws:iam::222222222222:root');
    expect(comparePermissions(two, one)).toEqual([expect.objectContaining({ change: 'removed', addsAccess: false })]);
  });
});
