import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { ApiGatewayModel, AuthorizerFunction, AuthorizerSettings, ClientCertificate, ModelRoute } from './api-gateway-model';
import { clientCertFields, clientCertificate, EXAMPLE_CA, LOOKALIKE_CA, name, PARTNER_CA } from './events';
import { createAuthorizerTables, localDynamoDb } from './mapping-table';
import { ApiAuthorization, SecureApi, TrustedIssuer } from '../../../src/secure-api';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';
import { WrittenCertificate } from '../../support/x509-writer';
import { fixture, mtlsDomain } from '../fixtures';

/**
 * The issuer pinned by its key (`TrustedIssuer.fromCertificatePem`) promises that a second CA in
 * the truststore with the same DN gets nothing. The authorizer keeps that promise; API Gateway's
 * decision cache must not break it: a decision cached for the genuine certificate is served to any
 * request whose identity sources have the same values (api-gateway-model.ts, from "Configure a
 * Lambda authorizer"), so a look-alike CA's copy of the genuine certificate (same subject, issuer
 * DN and serial, another key) must not have the same cache key. Through the shipped bundle, with
 * the identity sources and TTL SecureApi synthesizes, the mapping on DynamoDB Local.
 */
const BUNDLE = join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda', 'index.js');
const TABLE = 'cache-key-model';
const REVOCATIONS = 'cache-key-model-revocations';
const ROUTES: ModelRoute[] = [{ method: 'GET', resource: '/findings/{orgId}' }];
const CUSTOMERS = name('C=US', 'O=Example Corp', 'OU=customers', 'CN=portal');

let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
let authorizer: AuthorizerFunction;
let settings: AuthorizerSettings;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  await createAuthorizerTables(client, TABLE, REVOCATIONS, [{ ou: 'customers', routes: ['GET /findings/{orgId}'] }]);
  Object.assign(process.env, { ...localSdkEnvironment(dynamoDb.endpoint), MAPPING_TABLE_NAME: TABLE, REVOCATION_TABLE_NAME: REVOCATIONS });
  const pinned = TrustedIssuer.fromCertificatePem(EXAMPLE_CA.pem);
  settings = synthesizedSettings(pinned);
  process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: EXAMPLE_CA.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') }]);
  jest.isolateModules(() => {
    authorizer = jest.requireActual(BUNDLE).handler;
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true); // the decision log
});

afterAll(async () => {
  jest.restoreAllMocks();
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

/** The identity sources and TTL of the authorizer SecureApi synthesizes for a pinned issuer, read from the template. */
function synthesizedSettings(issuer: TrustedIssuer): AuthorizerSettings {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.certificateOu({ trustedIssuers: [issuer] }), domain: mtlsDomain(f.stack) });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  const [{ Properties: properties }] = Object.values(Template.fromStack(f.stack).findResources('AWS::ApiGateway::Authorizer')) as any[];
  return {
    identitySources: properties.IdentitySource.split(',').map((source: string) => source.trim()),
    ttlSeconds: properties.AuthorizerResultTtlInSeconds,
  };
}

function described(certificate: WrittenCertificate): ClientCertificate {
  const { validity, ...fields } = clientCertFields(certificate);
  return { ...fields, ...validity };
}

const get = (certificate: WrittenCertificate, time: number) =>
  ({ method: 'GET', path: '/findings/org-1', certificate: described(certificate), time });

test('caching is on (the property below is not vacuous)', () => {
  expect(settings.ttlSeconds).toBeGreaterThan(0);
});

test.each([
  ['a look-alike CA (same DN, another key)', LOOKALIKE_CA],
  ['another CA', PARTNER_CA],
])('a copy of a genuine certificate signed by %s is refused, even right after the genuine one was let through', async (_, forger) => {
  const model = new ApiGatewayModel(ROUTES, settings, authorizer);
  const genuine = clientCertificate({ subject: CUSTOMERS, issuer: EXAMPLE_CA });
  // Same subject and serial; for the look-alike also the same issuer DN, so API Gateway's three
  // certificate fields are those of the genuine certificate.
  const copy = clientCertificate({ subject: CUSTOMERS, issuer: forger, serialHex: genuine.serialHex });
  expect(copy.der.equals(genuine.der)).toBe(false);

  // Alone, the copy is refused by the authorizer.
  expect(await new ApiGatewayModel(ROUTES, settings, authorizer).serve(get(copy, 0))).toMatchObject({ status: 403, cached: false });

  expect(await model.serve(get(genuine, 0))).toMatchObject({ status: 200, cached: false });
  expect(await model.serve(get(copy, 1))).toMatchObject({ status: 403 });
  // The genuine certificate's decision is still served from the cache.
  expect(await model.serve(get(genuine, 2))).toMatchObject({ status: 200, cached: true });
});
