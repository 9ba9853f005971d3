import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { BoundAuthorization } from './bound-authorization';

/** SigV4 with IAM authorization on every method; the resource policy admits this account's principals only. */
export function bindIam(): BoundAuthorization {
  return {
    caller: {
      accountId: '$context.identity.accountId',
      principalId: '$context.identity.caller',
      userArn: '$context.identity.userArn',
    },
    methodAuthorization: { authorizationType: apigw.AuthorizationType.IAM },
    withoutCognitoReason: 'The method uses IAM authorization (SigV4): callers are IAM principals of this account granted ' +
      'execute-api:Invoke on the exact route, which the resource policy enforces; a Cognito user pool authorizer would add nothing.',
  };
}
