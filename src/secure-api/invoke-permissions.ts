import { IAspect, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Pins every permission that lets this API invoke a function to this account (`SourceAccount`)
 * besides its exact `SourceArn`, so no other account's API can be pointed at the function
 * (Control Tower CT.LAMBDA.PR.2). Applied to the whole stack: a user's own authorizer function
 * holds its permission outside the API's construct subtree.
 */
export class InvokePermissionsForThisAccount implements IAspect {
  constructor(private readonly api: apigw.RestApi) {}

  public visit(node: IConstruct): void {
    if (node instanceof lambda.CfnPermission && node.principal === 'apigateway.amazonaws.com'
      && node.sourceAccount === undefined && this.namesThisApi(node)) {
      node.sourceAccount = Stack.of(node).account;
    }
  }

  private namesThisApi(permission: lambda.CfnPermission): boolean {
    const stack = Stack.of(permission);
    const apiId = stack.resolve(this.api.restApiId);
    return JSON.stringify(stack.resolve(permission.sourceArn)).includes(JSON.stringify(apiId));
  }
}
