import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { EncryptedTable } from '../../encrypted-table';
import { IKeyPerUsePolicy } from '../../key-per-use-policy';
import { Failure } from '../../private/errors';
import { ScopedFunction } from '../../scoped-function';

/** One route as the API knows it. */
export interface RouteKey {
  readonly method: string;
  readonly path: string;
}

/** What a method is given to be authorized. */
export interface MethodAuthorization {
  readonly authorizationType: apigw.AuthorizationType;
  readonly authorizer?: apigw.IAuthorizer;
  readonly authorizationScopes?: string[];
}

/** What an `ApiAuthorization` is given to apply itself to one API. */
export interface AuthorizationBindOptions {
  /** The API's keys, for the tables and functions the authorization creates. */
  readonly keys: IKeyPerUsePolicy;
  /** Whether the API's custom domain has mutual TLS, which presents the client certificate. */
  readonly mutualTls: boolean;
}

/**
 * An `ApiAuthorization` applied to one API: how its methods are authorized, and everything the
 * authorization created that `SecureApi` exposes. A member a mode has no use for is left out.
 */
export interface BoundAuthorization {
  /** The caller fields handed to the functions, as VTL expressions. */
  readonly caller: Record<string, string>;
  /**
   * The authorization of every method, also given to a method added to the RestApi by any other
   * way than `addRoute` (the RestApi's `defaultMethodOptions`), so no such method is left without one.
   */
  readonly methodAuthorization: MethodAuthorization;
  /** Why the methods need no Cognito user pool authorizer (acknowledges AwsSolutions-COG4); none for Cognito itself. */
  readonly withoutCognitoReason?: string;
  /** The certificate-OU authorizer's function. */
  readonly authorizerFunction?: ScopedFunction;
  /** The function that writes the declared OU mapping at deploy time. */
  readonly mappingWriterFunction?: ScopedFunction;
  /** The OU mapping table. */
  readonly mappingTable?: EncryptedTable;
  /** The declared mappings as items of the mapping table (DynamoDB JSON, mapping-format.ts). */
  readonly mappingItems?: Record<string, unknown>[];
  /** The table of revoked client certificates. */
  readonly revocationTable?: EncryptedTable;
  /** The longest a mapping removed from the table can still be honoured, in seconds. */
  readonly maxMappingStalenessSeconds?: number;
  /** The longest a certificate put on the revocation table can still be let through, in seconds. */
  readonly maxRevocationDelaySeconds?: number;
  /** The longest a certificate added to a CA's published CRL can still be let through, in seconds. */
  readonly maxCrlRevocationDelaySeconds?: number;
  /** The user pool issuing access tokens. */
  readonly userPool?: cognito.IUserPool;
  /** The app clients created for the client-credentials grant. */
  readonly userPoolClients?: cognito.UserPoolClient[];
  /** What the authorization runs and reads whose data events an audit trail should record, functions first. */
  readonly dataEventTargets?: IConstruct[];

  /** The authorization of one route's method, where it depends on the route (Cognito's scopes); else `methodAuthorization`. */
  routeAuthorization?(route: RouteKey, scopes: string[] | undefined): MethodAuthorization;
  /** Errors only the finished API can show (e.g. mapped routes that were never added). */
  validate?(routes: RouteKey[]): Failure[];
}
