import { IAspect, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Pins every API Gateway invoke permission under the API to this account (`SourceAccount`)
 * besides its exact `SourceArn`: a service-principal permission names the caller's account
 * so no other account's API can be pointed at the function (Control Tower CT.LAMBDA.PR.2).
 */
export class InvokePermissionsForThisAccount implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof lambda.CfnPermission && node.principal === 'apigateway.amazonaws.com' && node.sourceAccount === undefined) {
      node.sourceAccount = Stack.of(node).account;
    }
  }
}
