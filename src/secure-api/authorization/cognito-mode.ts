import { Annotations, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { BoundAuthorization, MethodAuthorization, RouteKey } from './bound-authorization';
import { acknowledgeFinding } from '../../private/acknowledge';
import { DEPLOY_TIME_RULES, validDeployTimeString } from '../../private/deploy-time-rules';
import { InvalidPropError } from '../../private/errors';
import { CognitoClientCredentialsOptions } from '../api-authorization-options';
import { SECURE_API_DEFAULTS } from '../secure-api-defaults';

/**
 * OAuth 2.0 client credentials: a resource server with the scopes, app clients with secrets and
 * only the client-credentials grant, and a Cognito authorizer that checks each route's scopes
 * in the access token.
 */
export class CognitoMode extends Construct implements BoundAuthorization {
  // A Cognito user pool authorizer is what AwsSolutions-COG4 asks for: no withoutCognitoReason.
  public readonly caller = {
    clientId: '$context.authorizer.claims.client_id',
    scopes: '$context.authorizer.claims.scope',
    principalId: '$context.authorizer.claims.sub',
  };
  public readonly userPool: cognito.IUserPool;
  public readonly userPoolClients: cognito.UserPoolClient[];
  /** Any declared scope: a method added outside `addRoute` takes access tokens of this API's clients only, never ID tokens. */
  public readonly methodAuthorization: MethodAuthorization;
  private readonly authorizer: apigw.CognitoUserPoolsAuthorizer;
  private readonly identifier: string;
  private readonly scopeNames: string[];

  constructor(scope: Construct, id: string, options: CognitoClientCredentialsOptions) {
    super(scope, id);
    this.identifier = validDeployTimeString(scope, 'authorization.resourceServerIdentifier',
      options.resourceServerIdentifier ?? SECURE_API_DEFAULTS.cognitoResourceServerIdentifier, DEPLOY_TIME_RULES.cognitoResourceServerIdentifier);
    this.scopeNames = validScopes(scope, options.scopes, this.identifier);
    if (options.domainPrefix !== undefined) {
      validDeployTimeString(scope, 'authorization.domainPrefix', options.domainPrefix, DEPLOY_TIME_RULES.cognitoDomainPrefix);
    }
    this.userPool = options.userPool ?? this.createUserPool(options.domainPrefix);
    if (options.userPool && options.domainPrefix) {
      throw new InvalidPropError('SecureApi.DomainPrefixWithExistingUserPool', scope, 'authorization.domainPrefix', 'a domain prefix is given with an existing user pool',
        'add the domain to your user pool yourself, or leave userPool out to have one created');
    }

    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: this.identifier,
      userPoolResourceServerName: resourceServerName(this.identifier),
      scopes: this.scopeNames.map((scopeName) => new cognito.ResourceServerScope({ scopeName, scopeDescription: scopeName })),
    });
    this.userPoolClients = (options.clients ?? []).map((client) => {
      const unknown = client.scopes.filter((name) => !this.scopeNames.includes(name));
      if (unknown.length > 0 || client.scopes.length === 0) {
        throw new InvalidPropError('SecureApi.ClientWithUndeclaredScopes', scope, 'authorization.clients', `client '${client.name}' asks for undeclared or no scopes (${unknown.join(', ')})`,
          `give each client at least one of the declared scopes: ${this.scopeNames.join(', ')}`);
      }
      validDeployTimeString(scope, 'authorization.clients', client.name, DEPLOY_TIME_RULES.cognitoClientName);
      return this.userPool.addClient(`Client${client.name.replace(/[^A-Za-z0-9]/g, '')}`, {
        userPoolClientName: client.name,
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: client.scopes.map((name) => cognito.OAuthScope.resourceServer(resourceServer,
            new cognito.ResourceServerScope({ scopeName: name, scopeDescription: name }))),
        },
        accessTokenValidity: Duration.hours(1),
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
      });
    });

    this.authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    this.methodAuthorization = {
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizer: this.authorizer,
      authorizationScopes: this.scopeNames.map((name) => oauthScope(this.identifier, name)),
    };
  }

  public routeAuthorization(route: RouteKey, routeScopes: string[] | undefined): MethodAuthorization {
    const scopes = routeScopes ?? [];
    // Without scopes API Gateway expects an ID token, which the client-credentials grant never issues.
    if (scopes.length === 0 || scopes.some((name) => !this.scopeNames.includes(name))) {
      throw new InvalidPropError('SecureApi.RouteWithUndeclaredScopes', this.node.scope!, `addRoute ${route.method} ${route.path} scopes`,
        `the route requires ${scopes.length === 0 ? 'no scopes' : `undeclared scopes (${scopes.join(', ')})`}`,
        `name at least one declared scope: ${this.scopeNames.join(', ')}`);
    }
    return {
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizer: this.authorizer,
      authorizationScopes: scopes.map((name) => oauthScope(this.identifier, name)),
    };
  }

  private createUserPool(domainPrefix: string | undefined): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.NONE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const rule of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
      acknowledgeFinding(pool, rule,
        'The pool has no users: self sign-up is off and only app clients use it, with the client-credentials grant. ' +
        'Threat protection (Plus tier) scores user sign-ins, which never happen here.');
    }
    if (domainPrefix) {
      pool.addDomain('Domain', { cognitoDomain: { domainPrefix } });
    } else {
      Annotations.of(this).addWarningV2('cdk-secure-serverless:SecureApi.noCognitoDomain',
        'The user pool has no domain, so clients cannot reach the token endpoint. Pass domainPrefix, or add a domain to the pool.');
    }
    return pool;
  }
}

function validScopes(scope: Construct, scopes: string[], identifier: string): string[] {
  if (scopes.length === 0) {
    throw new InvalidPropError('SecureApi.NoScopesDeclared', scope, 'authorization.scopes', 'no scopes are declared', "declare the scopes routes require, e.g. ['findings.read']");
  }
  for (const name of scopes) {
    validDeployTimeString(scope, 'authorization.scopes', name, DEPLOY_TIME_RULES.cognitoScopeName);
    validDeployTimeString(scope, 'authorization.scopes', oauthScope(identifier, name), DEPLOY_TIME_RULES.cognitoOAuthScope);
  }
  return [...new Set(scopes)];
}

/** The scope as clients request it and access tokens carry it (Cognito: `<resource server identifier>/<scope name>`). */
function oauthScope(identifier: string, name: string): string {
  return `${identifier}/${name}`;
}

/**
 * The resource server's Name, derived from its Identifier: the Name pattern (`[\w\s+=,.@-]+`)
 * refuses the `:` and `/` of the URL identifiers AWS recommends, so each other character becomes
 * `-`. The Name is only a label (the Identifier is what scopes and tokens carry), so two
 * identifiers may share one.
 */
function resourceServerName(identifier: string): string {
  if (Token.isUnresolved(identifier)) {
    return identifier;
  }
  return identifier.replace(/[^A-Za-z0-9_ +=,.@-]/g, '-');
}
