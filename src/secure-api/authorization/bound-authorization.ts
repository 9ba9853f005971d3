import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Failure } from '../../private/errors';
import { RouteOptions } from '../secure-api-props';

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

/** An `ApiAuthorization` applied to one API. */
export interface BoundAuthorization {
  /** The caller fields handed to the functions, as VTL expressions. */
  readonly caller: Record<string, string>;
  /** The authorization of one route's method. */
  methodAuthorization(route: RouteKey, options: RouteOptions): MethodAuthorization;
  /**
   * The authorization of a method added to the RestApi by any other way than `addRoute` (the
   * RestApi's `defaultMethodOptions`), so no such method is left without one.
   */
  defaultMethodAuthorization(): MethodAuthorization;
  /** Acknowledges the findings every method of this mode raises, with the reason. */
  acknowledgeMethod(method: apigw.Method): void;
  /** Errors only the finished API can show (e.g. mapped routes that were never added). */
  validate(routes: RouteKey[]): Failure[];
}
