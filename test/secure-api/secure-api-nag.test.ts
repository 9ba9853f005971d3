import { referenceApi } from './fixtures';
import { modeApi, MODES } from './modes';
import { AuditTrail } from '../../src/audit-trail';
import { SecureServerlessChecks } from '../../src/nag/secure-serverless-checks';
import { acknowledgementReasons, acknowledgements, nagErrors, nagWarnings } from '../support/nag';

/**
 * Every cdk-nag v3 pack (AwsSolutions, HIPAA, NIST 800-53 R4 and R5, PCI DSS, Serverless) on
 * each authorization mode and on the reference app's API, and the acknowledgements SecureApi
 * adds, pinned with their reasons so none can be added silently.
 */
describe('cdk-nag packs on SecureApi', () => {
  test('the reference app API has no unacknowledged errors or warnings', () => {
    const { stack } = referenceApi();
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
  });

  test.each(Object.keys(MODES))('%s authorization has no unacknowledged errors or warnings', (mode) => {
    const { stack } = modeApi(mode);
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
  });

  test("the library's own pack passes the reference app once the audit trail covers the API's table and functions", () => {
    const { stack, api, ingest, query, keys } = referenceApi();
    new AuditTrail(stack, 'Audit', { keys }).addDataEvents(api.mappingTable!, api.revocationTable!, api.authorizerFunction!, ingest, query);
    expect(nagErrors(stack, [new SecureServerlessChecks()])).toEqual([]);
    expect(nagWarnings(stack, [new SecureServerlessChecks()])).toEqual([]);
  });
});

describe('acknowledgements SecureApi adds', () => {
  const own = (lines: string[]) => lines.filter((line) => line.startsWith('Test/Api/') && !line.includes('/AuthorizerFunction/') &&
    !line.includes('/OuMapping/') && !line.includes('/Revocations/')); // the tables' own, counted by EncryptedTable's tests

  test('the reference app API: COG4 per method and the response-cache rules on the stage', () => {
    const { stack } = referenceApi();
    expect(own(acknowledgements(stack))).toEqual([
      'Test/Api/Resource/Default/findings/POST: AwsSolutions-COG4',
      'Test/Api/Resource/Default/findings/{orgId}/GET: AwsSolutions-COG4',
      'Test/Api/Resource/DeploymentStage.prod: HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      'Test/Api/Resource/DeploymentStage.prod: NIST.800.53.R4-APIGWCacheEnabledAndEncrypted',
      'Test/Api/Resource/DeploymentStage.prod: NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'Test/Api/Resource/DeploymentStage.prod: PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
    ]);
    const reasons = acknowledgementReasons(stack);
    expect(reasons['Test/Api/Resource/Default/findings/POST: AwsSolutions-COG4']).toMatch(/mutual TLS client certificates/);
    expect(reasons['Test/Api/Resource/DeploymentStage.prod: PCI.DSS.321-APIGWCacheEnabledAndEncrypted'])
      .toMatch(/caching is off on purpose: responses are per caller/);
  });

  test('cognito: no COG4 acknowledgement (its methods use a Cognito authorizer); COG3/COG8 on a pool without users', () => {
    const { stack } = modeApi('cognitoClientCredentials');
    const lines = own(acknowledgements(stack));
    expect(lines.filter((line) => line.includes('COG4'))).toEqual([]);
    expect(lines.filter((line) => line.includes('/Cognito/'))).toEqual([
      'Test/Api/Cognito/UserPool: AwsSolutions-COG3',
      'Test/Api/Cognito/UserPool: AwsSolutions-COG8',
    ]);
    expect(acknowledgementReasons(stack)['Test/Api/Cognito/UserPool: AwsSolutions-COG8']).toMatch(/no users: self sign-up is off/);
  });

  test.each([
    ['iam', /IAM authorization \(SigV4\)/],
    ['lambda', /Lambda REQUEST authorizer the API owner supplied/],
  ])('%s: COG4 per method, with the reason', (mode, reason) => {
    const { stack } = modeApi(mode);
    const lines = own(acknowledgements(stack)).filter((line) => line.includes('COG4'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(acknowledgementReasons(stack)[line]).toMatch(reason);
    }
  });
});

describe('the library pack on the other authorization modes', () => {
  test.each(Object.keys(MODES))('%s: no findings once the audit trail covers the functions', (mode) => {
    const { stack, ingest, query, keys } = modeApi(mode);
    const ownAuthorizer = stack.node.tryFindChild('OwnAuthorizer');
    new AuditTrail(stack, 'Audit', { keys }).addDataEvents(ingest, query, ...(ownAuthorizer ? [ownAuthorizer] : []));
    expect(nagErrors(stack, [new SecureServerlessChecks()])).toEqual([]);
  });
});
