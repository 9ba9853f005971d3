import { Construct } from 'constructs';
import {
  CertificateOuAuthorizationOptions,
  CognitoClientCredentialsOptions,
  LambdaAuthorizationOptions,
} from './api-authorization-options';
import { AuthorizationBindOptions, BoundAuthorization } from './authorization/bound-authorization';
import { CertificateOuMode } from './authorization/certificate-ou-mode';
import { CognitoMode } from './authorization/cognito-mode';
import { bindIam } from './authorization/iam-mode';
import { bindLambdaAuthorizer } from './authorization/lambda-mode';
import { madeByFactory } from './authorization/library-modes';

/**
 * How a `SecureApi` authorizes every route.
 */
export abstract class ApiAuthorization {
  /**
   * Mutual TLS on the custom domain, and a Lambda REQUEST authorizer that allows the routes the
   * client certificate's OU is mapped to in a DynamoDB table. Requires `domain` with a truststore.
   *
   * @param options the cache, table and mapping options
   */
  public static certificateOu(options: CertificateOuAuthorizationOptions = {}): ApiAuthorization {
    return madeByFactory(new CertificateOuAuthorization(options));
  }

  /**
   * OAuth 2.0 client credentials: Cognito access tokens with per-route scopes.
   *
   * @param options the user pool, scopes and app clients
   */
  public static cognitoClientCredentials(options: CognitoClientCredentialsOptions): ApiAuthorization {
    return madeByFactory(new CognitoClientCredentialsAuthorization(options));
  }

  /**
   * AWS Signature Version 4 with IAM authorization on every route. Grant callers with
   * `SecureApi.grantInvoke`.
   */
  public static iam(): ApiAuthorization {
    return madeByFactory(new IamAuthorization());
  }

  /**
   * Your own Lambda REQUEST authorizer. (Named so it reads the same in Python, where `lambda` is reserved.)
   *
   * @param options the handler, identity sources and cache TTL
   */
  public static lambdaAuthorizer(options: LambdaAuthorizationOptions): ApiAuthorization {
    return madeByFactory(new LambdaAuthorizerAuthorization(options));
  }

  /**
   * Use the static factories: the modes they return are the only ones a `SecureApi` applies (it
   * refuses a subclass made elsewhere; for an authorizer of your own use `lambdaAuthorizer`).
   *
   * @param mode `certificateOu`, `cognitoClientCredentials`, `iam` or `lambda`
   */
  protected constructor(public readonly mode: string) {}

  /**
   * Applies this authorization to one API: creates what it needs under `scope` and says how each
   * method is authorized.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, bind: AuthorizationBindOptions): BoundAuthorization;
}

class CertificateOuAuthorization extends ApiAuthorization {
  constructor(private readonly options: CertificateOuAuthorizationOptions) {
    super('certificateOu');
  }

  public _bind(scope: Construct, bind: AuthorizationBindOptions): BoundAuthorization {
    return new CertificateOuMode(scope, 'CertificateOu', bind, this.options);
  }
}

class CognitoClientCredentialsAuthorization extends ApiAuthorization {
  constructor(private readonly options: CognitoClientCredentialsOptions) {
    super('cognitoClientCredentials');
  }

  public _bind(scope: Construct): BoundAuthorization {
    return new CognitoMode(scope, 'Cognito', this.options);
  }
}

class IamAuthorization extends ApiAuthorization {
  constructor() {
    super('iam');
  }

  public _bind(): BoundAuthorization {
    return bindIam();
  }
}

class LambdaAuthorizerAuthorization extends ApiAuthorization {
  constructor(private readonly options: LambdaAuthorizationOptions) {
    super('lambda');
  }

  public _bind(scope: Construct): BoundAuthorization {
    return bindLambdaAuthorizer(scope, this.options);
  }
}
