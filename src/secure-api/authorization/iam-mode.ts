import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { BoundAuthorization, MethodAuthorization } from './bound-authorization';
import { acknowledgeFinding } from '../../private/acknowledge';
import { Failure } from '../../private/errors';

/** SigV4 with IAM authorization on every method; the resource policy admits this account's principals only. */
export class IamMode implements BoundAuthorization {
  public readonly caller = {
    accountId: '$context.identity.accountId',
    principalId: '$context.identity.caller',
    userArn: '$context.identity.userArn',
  };

  public methodAuthorization(): MethodAuthorization {
    return { authorizationType: apigw.AuthorizationType.IAM };
  }

  public defaultMethodAuthorization(): MethodAuthorization {
    return this.methodAuthorization();
  }

  public acknowledgeMethod(method: apigw.Method): void {
    acknowledgeFinding(method, 'AwsSolutions-COG4',
      'The method uses IAM authorization (SigV4): callers are IAM principals of this account granted execute-api:Invoke ' +
      'on the exact route, which the resource policy enforces; a Cognito user pool authorizer would add nothing.');
  }

  public validate(): Failure[] {
    return [];
  }
}
