import { CODE, Fixture, fixture, FINDING_SCHEMA } from './fixtures';
import { ScopedFunction } from '../../src/scoped-function';
import { ApiAuthorization, SecureApi, SecureApiProps } from '../../src/secure-api';

/** An API per authorization mode, with the reference app's two routes. */
export const MODES: Record<string, (f: Fixture) => SecureApi> = {
  cognitoClientCredentials: (f) => withRoutes(f, {
    authorization: ApiAuthorization.cognitoClientCredentials({
      scopes: ['findings.write', 'findings.read'],
      clients: [{ name: 'scanner', scopes: ['findings.write'] }, { name: 'customer', scopes: ['findings.read'] }],
      domainPrefix: 'findings-auth',
    }),
  }, [['findings.write'], ['findings.read']]),
  iam: (f) => withRoutes(f, { authorization: ApiAuthorization.iam() }),
  lambda: (f) => withRoutes(f, {
    authorization: ApiAuthorization.lambdaAuthorizer({
      handler: new ScopedFunction(f.stack, 'OwnAuthorizer', { code: CODE, handler: 'index.handler', keys: f.keys }).function,
      identitySources: ['method.request.header.Authorization'],
      contextKeys: ['tenant'],
    }),
  }),
};

function withRoutes(f: Fixture, props: Partial<SecureApiProps>, scopes: string[][] = [[], []]): SecureApi {
  const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam(), ...props });
  api.addRoute('POST', '/findings', f.ingest, { requestSchema: FINDING_SCHEMA, scopes: scopes[0].length ? scopes[0] : undefined });
  api.addRoute('GET', '/findings/{orgId}', f.query, { scopes: scopes[1].length ? scopes[1] : undefined });
  return api;
}

/** A fixture with an API of the given mode. */
export function modeApi(mode: string): Fixture & { api: SecureApi } {
  const f = fixture();
  return { ...f, api: MODES[mode](f) };
}
