import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { ApiGatewayModel, AuthorizerFunction, AuthorizerSettings, ModelRoute } from './api-gateway-model';
import { createMappingTable, createRevocationTable, localDynamoDb, putMapping } from './mapping-table';
import { ApiAuthorization, TrustedIssuer, SecureApi } from '../../../src/secure-api';
import { IssuedCertificate, issueCertificates } from '../../support/certificates';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';
import { fixture, mtlsDomain } from '../fixtures';

/**
 * Route exactness, end to end: random route tables, OU mappings and request sequences through a
 * model of API Gateway written from its documentation (api-gateway-model.ts: route resolution, the
 * authorizer cache keyed on the identity sources for the TTL, policy evaluation), with the cache
 * settings SecureApi synthesizes and the shipped authorizer bundle (assets/, loaded as Lambda
 * loads it) reading the mapping from DynamoDB Local, and real X.509 client certificates.
 *
 * The properties: no request is ever let through unless its certificate's OU is mapped to the
 * route API Gateway resolved, cached decision or not; every request of a mapped OU to a mapped
 * route is let through; a certificate with two mapped OUs is refused.
 */
const BUNDLE = join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda', 'index.js');
const OUS = ['customers-acme', 'auditors', 'scanners'];
const LITERALS = ['findings', 'export', 'notes', 'a'];
const PARAMETERS = ['{orgId}', '{id}'];
const METHODS = ['GET', 'POST', 'DELETE'];

let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
let certificates: Record<string, IssuedCertificate>;
let synthesized: AuthorizerSettings;
let authorizer: AuthorizerFunction;
/** Added to the authorizer's clock for each scenario, so its in-memory mapping cache (at most an hour) starts empty. */
let clockOffset = 0;
const TABLE = 'route-exactness-model';
const REVOCATIONS = 'revocations';
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  Object.assign(process.env, {
    ...localSdkEnvironment(dynamoDb.endpoint),
    MAPPING_TABLE_NAME: TABLE,
    REVOCATION_TABLE_NAME: REVOCATIONS,
  });
  await createMappingTable(client, TABLE);
  await createRevocationTable(client, REVOCATIONS);
  const issued = issueCertificates([
    ...OUS.map((ou) => `/O=Example Corp/OU=${ou}/CN=${ou}-client`),
    '/O=Example Corp/OU=strangers/CN=stranger',
    '/O=Example Corp/OU=customers-acme+OU=auditors/CN=both',
  ]);
  certificates = Object.fromEntries([...OUS, 'strangers', 'two-ous'].map((name, index) => [name, issued[index]]));
  process.env.TRUSTED_ISSUERS = JSON.stringify([issued[0].issuerDN]);
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
  authorizer = jest.requireActual(BUNDLE).handler;
  synthesized = authorizerSettingsOfSecureApi();
});

afterAll(async () => {
  jest.restoreAllMocks();
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

/** The identity sources and TTL of the authorizer SecureApi synthesizes, read from the template. */
function authorizerSettingsOfSecureApi(): AuthorizerSettings {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')] }), domain: mtlsDomain(f.stack) });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  const [{ Properties: properties }] = Object.values(Template.fromStack(f.stack).findResources('AWS::ApiGateway::Authorizer')) as any[];
  return {
    identitySources: properties.IdentitySource.split(',').map((source: string) => source.trim()),
    ttlSeconds: properties.AuthorizerResultTtlInSeconds,
  };
}

/** Writes the scenario's mapping in the documented item format, and moves the authorizer's clock past its caches. */
async function deployMapping(mapping: Record<string, string[]>): Promise<AuthorizerFunction> {
  for (const ou of [...OUS, 'strangers']) {
    if (mapping[ou]) {
      await putMapping(client, TABLE, { ou, routes: mapping[ou] });
    } else {
      await client.send(new DeleteItemCommand({ TableName: TABLE, Key: { ou: { S: ou } } }));
    }
  }
  clockOffset += 2 * 3600_000;
  return authorizer;
}

const segment = fc.oneof(fc.constantFrom(...LITERALS), fc.constantFrom(...PARAMETERS));
/** A resource template: literal and parameter segments, sometimes a greedy last one. */
const resourceTemplate = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.boolean()).map(([segments, greedy]) => {
  const parts = greedy ? [...segments, '{proxy+}'] : segments;
  // API Gateway allows one variable part per level: name parameters by depth so siblings agree.
  return `/${parts.map((part, depth) => (part.startsWith('{') && part !== '{proxy+}' ? `{p${depth}}` : part)).join('/')}`;
});
const routeTable = fc.uniqueArray(fc.record({ method: fc.constantFrom(...METHODS), resource: resourceTemplate }), {
  minLength: 2, maxLength: 8, selector: (route) => `${route.method} ${route.resource}`,
}).filter((routes) => noMixedVariables(routes));

/** Parameter values that are also literal names, so siblings and deeper routes get asked for. */
const value = fc.constantFrom('export', 'notes', 'acme', 'a', 'x%2Fy');
const greedyValue = fc.constantFrom('a', 'notes/export', 'x/y/z');

interface Scenario {
  readonly routes: ModelRoute[];
  readonly mapping: Record<string, string[]>;
  readonly requests: { who: string; method: string; path: string; after: number }[];
}

const scenario: fc.Arbitrary<Scenario> = routeTable.chain((routes) => {
  const routeNames = routes.map((route) => `${route.method} ${route.resource}`);
  const mapping = fc.record(Object.fromEntries(OUS.map((ou) => [ou, fc.subarray(routeNames)])) as Record<string, fc.Arbitrary<string[]>>);
  const request = fc.record({
    who: fc.constantFrom(...OUS, ...OUS, 'strangers', 'two-ous'),
    target: fc.constantFrom(...routes),
    method: fc.option(fc.constantFrom(...METHODS), { freq: 4 }),
    values: fc.tuple(value, value, value, greedyValue),
    after: fc.constantFrom(0, 1, 30, 200, 400),
    trailingSlash: fc.boolean(),
  }).map(({ who, target, method, values, after, trailingSlash }) => {
    const path = concretePath(target.resource, values);
    return { who, method: method ?? target.method, path: trailingSlash && path !== '/' ? `${path}/` : path, after };
  });
  return fc.record({ routes: fc.constant(routes), mapping, requests: fc.array(request, { minLength: 10, maxLength: 40 }) });
}).map(({ routes, mapping, requests }) => ({
  routes,
  // An OU mapped to nothing is left out of the table (the documented format needs at least one route).
  mapping: Object.fromEntries(Object.entries(mapping).filter(([, mapped]) => mapped.length > 0)),
  requests,
}));

async function runScenario(settings: AuthorizerSettings, { routes, mapping, requests }: Scenario) {
  const model = new ApiGatewayModel(routes, settings, await deployMapping(mapping));
  const violations: string[] = [];
  const tally = { allowed: 0, denied: 0, cachedAllowed: 0, cachedDenied: 0 };
  let time = 0;
  for (const request of requests) {
    time += request.after;
    const outcome = await model.serve({ method: request.method, path: request.path, certificate: certificates[request.who], time });
    if (outcome.status === 'not-found' || outcome.status === 401) {
      continue;
    }
    const routeName = `${outcome.route.method} ${outcome.route.resource}`;
    // The certificate's OUs that are mapped: exactly one may decide (several are refused by default).
    const mappedOus = (request.who === 'two-ous' ? ['customers-acme', 'auditors'] : [request.who]).filter((ou) => mapping[ou]);
    const mapped = mappedOus.length === 1 && mapping[mappedOus[0]].includes(routeName);
    const what = `${request.who} ${request.method} ${request.path} (route ${routeName}, ${outcome.cached ? 'cached' : 'fresh'})`;
    if (outcome.status === 200 && !mapped) violations.push(`let through unmapped: ${what}`);
    if (outcome.status === 403 && mapped) violations.push(`refused mapped: ${what}`);
    const key = `${outcome.status === 200 ? 'allowed' : 'denied'}` as const;
    tally[key]++;
    if (outcome.cached) tally[outcome.status === 200 ? 'cachedAllowed' : 'cachedDenied']++;
  }
  return { violations, tally };
}

test('the shipped authorizer, behind SecureApi\'s cache settings, lets through exactly the mapped routes', async () => {
  expect(synthesized.identitySources).toEqual(expect.arrayContaining(['context.httpMethod', 'context.resourceId']));
  const total = { allowed: 0, denied: 0, cachedAllowed: 0, cachedDenied: 0 };
  await fc.assert(fc.asyncProperty(scenario, async (generated) => {
    const { violations, tally } = await runScenario(synthesized, generated);
    expect(violations).toEqual([]);
    Object.keys(total).forEach((key) => (total[key as keyof typeof total] += tally[key as keyof typeof tally]));
  }), { numRuns: 200 });
  // Not vacuous: both outcomes, fresh and from the cache.
  expect(total.allowed).toBeGreaterThan(50);
  expect(total.denied).toBeGreaterThan(50);
  expect(total.cachedAllowed).toBeGreaterThan(10);
  expect(total.cachedDenied).toBeGreaterThan(10);
});

test('with caching off (the documented fallback) the same holds', async () => {
  const settings = { identitySources: ['context.identity.clientCert.serialNumber'], ttlSeconds: 0 };
  await fc.assert(fc.asyncProperty(scenario, async (generated) => {
    expect((await runScenario(settings, generated)).violations).toEqual([]);
  }), { numRuns: 50 });
});

test('the model finds the review\'s hole when the route is left out of the cache key', async () => {
  // The certificate-only key the library used before: a decision cached for GET /findings/{orgId}
  // is served for GET /findings/export.
  const certificateOnly = { ...synthesized, identitySources: synthesized.identitySources.filter((source) => !source.startsWith('context.httpMethod') && source !== 'context.resourceId') };
  const review: Scenario = {
    routes: [{ method: 'GET', resource: '/findings/{orgId}' }, { method: 'GET', resource: '/findings/export' }],
    mapping: { 'customers-acme': ['GET /findings/{orgId}'], 'auditors': ['GET /findings/export'] },
    requests: [
      { who: 'customers-acme', method: 'GET', path: '/findings/acme', after: 0 },
      { who: 'customers-acme', method: 'GET', path: '/findings/export', after: 1 },
    ],
  };
  expect((await runScenario(certificateOnly, review)).violations).toEqual([
    'let through unmapped: customers-acme GET /findings/export (route GET /findings/export, cached)',
  ]);
  expect((await runScenario(synthesized, review)).violations).toEqual([]);
});

function concretePath(resource: string, [first, second, third, greedy]: [string, string, string, string]): string {
  const values = [first, second, third];
  let index = 0;
  return resource.replace(/\{proxy\+\}/, greedy).replace(/\{p\d\}/g, () => values[index++ % values.length]);
}

/** API Gateway refuses two different variable parts under one parent (e.g. `{id}` beside `{proxy+}`). */
function noMixedVariables(routes: readonly { resource: string }[]): boolean {
  const variables = new Map<string, string>();
  for (const { resource } of routes) {
    const parts = resource === '/' ? [] : resource.slice(1).split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      if (!parts[depth].startsWith('{')) continue;
      const parent = parts.slice(0, depth).join('/');
      if ((variables.get(parent) ?? parts[depth]) !== parts[depth]) return false;
      variables.set(parent, parts[depth]);
    }
  }
  return true;
}
