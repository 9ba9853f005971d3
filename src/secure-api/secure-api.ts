import { Aspects, Lazy, Names, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { BoundAuthorization, RouteKey } from './authorization/bound-authorization';
import { isMadeByFactory } from './authorization/library-modes';
import { validCidrs } from './cidr';
import { canonicalDistinguishedName } from './distinguished-name';
import { createDomain, createManagedTruststore, hasMutualTls } from './domain';
import { addJsonGatewayResponses } from './gateway-responses';
import { lambdaIntegration, methodResponses } from './integration';
import { InvokePermissionsForThisAccount } from './invoke-permissions';
import { ManagedTruststore } from './managed-truststore';
import { arnPathPattern } from './mapping-format';
import { unauthorizedMethodErrors } from './method-authorization-guard';
import {
  acknowledgeMethodWithoutCognito, acknowledgeStageFindings, acknowledgeUnauthenticatedMethod, acknowledgeWithoutWebAcl,
} from './nag-acknowledgements';
import { resourcePolicy } from './network-policy';
import { overlongRoutes } from './policy-resource-length';
import { validateNetwork, validLoggingLevel, validWebAclRateLimit } from './props-validation';
import { requestModels, requestParameters, validContentTypes } from './request-validation';
import { MAX_SERIAL_NUMBER_LENGTH, normalizeSerialNumber, REVOCATION_PARTITION_KEY, revocationKey } from './revocation-format';
import { routesReachedBy } from './route-reach';
import { routeFunction, validMethod, validPath } from './route-validation';
import { SECURE_API_DEFAULTS } from './secure-api-defaults';
import { MeteringPlanOptions, RouteOptions, SecureApiProps, UnauthenticatedRouteOptions } from './secure-api-props';
import { accessLogFormat, createAccessLogGroup, routeMethodSetting, validThrottle } from './stage-settings';
import { createWebAcl } from './web-acl';
import { IAuditTrail } from '../audit-trail';
import { EncryptedTable } from '../encrypted-table';
import { KeyUse } from '../key-per-use-policy';
import { DEPLOY_TIME_RULES, validDeployTimeString } from '../private/deploy-time-rules';
import { addFailureCheck, Failure, InvalidPropError, requireProp } from '../private/errors';
import { ScopedFunction } from '../scoped-function';

/**
 * An API Gateway REST API where every route is authorized (certificate OU over mutual TLS,
 * Cognito client credentials, IAM or your own Lambda authorizer), validated before any function
 * runs, throttled, logged in JSON to an encrypted log group, traced, and shielded by a resource
 * policy and a web ACL. Each route may invoke only its own function, for its own method and path.
 */
export class SecureApi extends Construct {
  /**
   * The revocation table item (DynamoDB JSON, for `aws dynamodb put-item --item`) that revokes one
   * client certificate, by its issuer DN (RFC 4514, e.g. the `issuer` of the authorizer's decision
   * log; spacing, escaping, attribute order and the case of attribute types don't matter) and its
   * serial number in hex (colons and case don't matter). The item is keyed on the issuer's
   * canonical DN, so every spelling of one issuer revokes the same certificate.
   *
   * @param issuerDn the certificate's issuer DN
   * @param serialNumber the certificate's serial number, hex
   * @param reason why it is revoked, for people reading the table
   */
  public static revocationItem(issuerDn: string, serialNumber: string, reason: string): string {
    const canonicalIssuer = canonicalDistinguishedName(issuerDn);
    if (canonicalIssuer === undefined || !new RegExp(`^[0-9A-F]{1,${MAX_SERIAL_NUMBER_LENGTH}}$`).test(normalizeSerialNumber(serialNumber))) {
      throw new InvalidPropError('SecureApi.InvalidRevocationItem', undefined, 'SecureApi.revocationItem',
        `'${serialNumber}' of '${issuerDn}' is not a certificate`, 'give the issuer DN from the decision log and the serial number in hex');
    }
    return JSON.stringify({
      [REVOCATION_PARTITION_KEY]: { S: revocationKey(canonicalIssuer, serialNumber) },
      reason: { S: reason },
    });
  }

  /** The REST API. */
  public readonly restApi: apigw.RestApi;

  /** The deployed stage. */
  public readonly stage: apigw.Stage;

  /** The custom domain, when one was given. */
  public readonly domain?: apigw.DomainName;

  /** The construct-managed truststore, when the domain was given `truststorePem`. */
  public readonly truststore?: ManagedTruststore;

  /** The log group of the access logs (encrypted with the AUDIT key). */
  public readonly accessLogGroup: logs.LogGroup;

  /** The web ACL this construct created, if any. */
  public readonly webAcl?: wafv2.CfnWebACL;

  /** The client certificate API Gateway presents to HTTP backends. */
  public readonly clientCertificate: apigw.CfnClientCertificate;

  /** The certificate-OU authorizer's function (certificate-OU authorization only). */
  public readonly authorizerFunction?: ScopedFunction;

  /** The function that writes the declared OU mapping at deploy time (certificate-OU authorization with `mappings` only). */
  public readonly mappingWriterFunction?: ScopedFunction;

  /** The OU mapping table (certificate-OU authorization only). */
  public readonly mappingTable?: EncryptedTable;

  /** The table of revoked client certificates (certificate-OU authorization only). */
  public readonly revocationTable?: EncryptedTable;

  /**
   * The longest time, in seconds, a certificate put on the revocation table can still be let
   * through: API Gateway's authorizer cache TTL plus the authorizer's revocation cache TTL
   * (certificate-OU authorization only).
   */
  public readonly maxRevocationDelaySeconds?: number;

  /**
   * The longest time, in seconds, after a CA publishes a CRL listing a certificate that the
   * certificate can still be let through: API Gateway's authorizer cache TTL plus the
   * authorizer's CRL refresh interval (certificate-OU authorization with
   * `certificateRevocationLists` only). The CA's own delay in publishing comes on top.
   */
  public readonly maxCrlRevocationDelaySeconds?: number;

  /** The user pool issuing access tokens (Cognito authorization only). */
  public readonly userPool?: cognito.IUserPool;

  /** The app clients created for the client-credentials grant (Cognito authorization only). */
  public readonly userPoolClients: cognito.UserPoolClient[];

  /**
   * The longest time, in seconds, an OU mapping removed from the table can still be honoured: API
   * Gateway's authorizer cache TTL plus the authorizer's own mapping cache TTL (certificate-OU
   * authorization only).
   */
  public readonly maxMappingStalenessSeconds?: number;

  private readonly customDomainName?: string;
  private readonly authorization: BoundAuthorization;
  /** Whether methods are authorized by IAM (SigV4): the resource policy admits this account's principals, and `grantInvoke` applies. */
  private readonly iamAuthorization: boolean;
  private readonly requestValidator: apigw.RequestValidator;
  private readonly loggingLevel: apigw.MethodLoggingLevel;
  private readonly routes = new Map<string, RouteKey>();
  /** The methods `addUnauthenticatedRoute` made: the only ones allowed no authorization. */
  private readonly unauthenticatedMethods = new Set<IConstruct>();
  private readonly routeFunctions = new Set<lambda.IFunction>();
  private readonly routeSettings: apigw.CfnStage.MethodSettingProperty[] = [];
  private readonly invokeGrants: { route: RouteKey; principal: iam.IPrincipal }[] = [];
  private readonly stageName: string;

  constructor(scope: Construct, id: string, props: SecureApiProps) {
    super(scope, id);
    const cidrs = props.allowedSourceCidrs === undefined ? undefined : validCidrs(this, props.allowedSourceCidrs);
    const throttle = validThrottle(this, 'throttle', props.throttle ?? SECURE_API_DEFAULTS.throttle);
    this.loggingLevel = validLoggingLevel(this, props.executionLogLevel ?? SECURE_API_DEFAULTS.executionLogLevel);
    validateNetwork(this, props);
    this.stageName = validDeployTimeString(this, 'stageName', props.stageName ?? SECURE_API_DEFAULTS.stageName, DEPLOY_TIME_RULES.apiGatewayStageName);

    this.accessLogGroup = createAccessLogGroup(this, props.keys.keyFor(KeyUse.AUDIT),
      props.accessLogRetention ?? SECURE_API_DEFAULTS.accessLogRetention);
    this.clientCertificate = new apigw.CfnClientCertificate(this, 'BackendClientCertificate', {
      description: `Client certificate ${this.node.path} presents to HTTP backends`,
    });

    requireProp('SecureApi.UnknownAuthorization', isMadeByFactory(props.authorization), this, 'authorization',
      'it is not one of the modes ApiAuthorization\'s factories make (a subclass of ApiAuthorization made outside the library)',
      'use ApiAuthorization.certificateOu(), cognitoClientCredentials(), iam() or lambdaAuthorizer(); for an authorizer of your own, lambdaAuthorizer({ handler })');
    this.authorization = props.authorization._bind(this, { keys: props.keys, mutualTls: hasMutualTls(props.domain) });
    this.iamAuthorization = this.authorization.methodAuthorization.authorizationType === apigw.AuthorizationType.IAM;
    this.restApi = new apigw.RestApi(this, 'Resource', {
      restApiName: props.apiName ?? Names.uniqueResourceName(this, { maxLength: 128 }),
      description: `${this.node.path}: every route authorized (${props.authorization.mode})`,
      endpointConfiguration: props.privateEndpoints
        ? { types: [apigw.EndpointType.PRIVATE], vpcEndpoints: props.privateEndpoints }
        : { types: [apigw.EndpointType.REGIONAL] },
      // With a custom domain the domain is the only way in, so its mutual TLS can't be bypassed.
      disableExecuteApiEndpoint: props.domain !== undefined,
      // A method added past addRoute (restApi.root.addProxy(), an Aspect...) is authorized too.
      defaultMethodOptions: this.authorization.methodAuthorization,
      // Execution logs need the account's API Gateway CloudWatch role; aws-cdk-lib's would hold an
      // AWS-managed policy, so the account setting is left to the platform (see executionLogLevel).
      cloudWatchRole: false,
      policy: resourcePolicy(this.iamAuthorization, cidrs, props.privateEndpoints),
      deployOptions: {
        stageName: this.stageName,
        tracingEnabled: true,
        loggingLevel: this.loggingLevel,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(this.authorization.caller),
        clientCertificateId: this.clientCertificate.ref,
      },
    });
    Aspects.of(Stack.of(this)).add(new InvokePermissionsForThisAccount(this.restApi));
    this.stage = this.restApi.deploymentStage;
    this.addRouteSettingsToStage();
    this.requestValidator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    addJsonGatewayResponses(this.restApi);

    this.authorizerFunction = this.authorization.authorizerFunction;
    this.mappingTable = this.authorization.mappingTable;
    this.mappingWriterFunction = this.authorization.mappingWriterFunction;
    this.maxMappingStalenessSeconds = this.authorization.maxMappingStalenessSeconds;
    this.revocationTable = this.authorization.revocationTable;
    this.maxRevocationDelaySeconds = this.authorization.maxRevocationDelaySeconds;
    this.maxCrlRevocationDelaySeconds = this.authorization.maxCrlRevocationDelaySeconds;
    this.userPool = this.authorization.userPool;
    this.userPoolClients = this.authorization.userPoolClients ?? [];

    this.truststore = createManagedTruststore(this, props.domain, props.keys);
    this.domain = props.domain ? createDomain(this, this.restApi, props.domain, this.truststore) : undefined;
    this.customDomainName = props.domain?.domainName;
    this.webAcl = this.associateWebAcl(props, cidrs);
    acknowledgeStageFindings(this.stage);

    addFailureCheck(this, () => this.validateRoutes());
  }

  /**
   * Adds a route served by a function, authorized by the API's authorization.
   *
   * @param method the HTTP method, e.g. `POST`
   * @param path the resource path, e.g. `/findings/{orgId}`
   * @param handler a `ScopedFunction` or any `lambda.IFunction`
   * @param options validation, content types, scopes and throttling
   */
  public addRoute(method: string, path: string, handler: iam.IGrantable, options: RouteOptions = {}): apigw.Method {
    return this.createRoute(method, path, handler, options, undefined);
  }

  /**
   * Adds a route anyone who reaches the API can call, without authorization. The reason is
   * recorded as the acknowledgement of the authorization findings, for a reviewer to read.
   *
   * @param method the HTTP method
   * @param path the resource path
   * @param handler a `ScopedFunction` or any `lambda.IFunction`
   * @param options the reason, and validation, content types and throttling
   */
  public addUnauthenticatedRoute(method: string, path: string, handler: iam.IGrantable, options: UnauthenticatedRouteOptions): apigw.Method {
    if (!options.reason?.trim()) {
      throw new InvalidPropError('SecureApi.UnauthenticatedRouteWithoutReason', this, 'addUnauthenticatedRoute reason', 'no reason is given for a route without authorization',
        'say why anyone may call this route, or use addRoute');
    }
    return this.createRoute(method, path, handler, options, options.reason);
  }

  /**
   * Grants `execute-api:Invoke` on one route of this stage (IAM authorization only).
   *
   * The grant names the route's path with its parameters as `*`, and in an IAM policy `*` also
   * matches `/`: the grant on `GET /findings/{orgId}` would also let the grantee call
   * `GET /findings/export` or `GET /findings/{orgId}/notes`. Synthesis therefore fails when
   * such another route of this API exists and was not granted to the same grantee.
   *
   * @param grantee the principal to grant to
   * @param method the route's HTTP method
   * @param path the route's path, as given to `addRoute`
   */
  public grantInvoke(grantee: iam.IGrantable, method: string, path: string): iam.Grant {
    if (!this.iamAuthorization) {
      throw new InvalidPropError('SecureApi.IamGrantWithoutIamAuthorization', this, 'grantInvoke', 'the API does not use IAM authorization, so an IAM grant would not let anyone in',
        'use ApiAuthorization.iam(), or authorize callers through the API\'s own authorization');
    }
    const route: RouteKey = { method: validMethod(this, method), path: validPath(this, path) };
    this.invokeGrants.push({ route, principal: grantee.grantPrincipal });
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.restApi.arnForExecuteApi(route.method, arnPathPattern(route.path), this.stage.stageName)],
    });
  }

  /**
   * Adds a usage plan on this stage that meters the routes added with `meteredWithApiKey`. Add
   * keys with `plan.addApiKey(...)`; a key only counts requests, it never authorizes them.
   *
   * @param id the plan's construct id
   * @param options the plan's name, throttling and quota
   */
  public addMeteringPlan(id: string, options: MeteringPlanOptions = {}): apigw.UsagePlan {
    return this.restApi.addUsagePlan(id, {
      name: options.name,
      throttle: options.throttle ? validThrottle(this, `addMeteringPlan ${id} throttle`, options.throttle) : undefined,
      quota: options.quota,
      apiStages: [{ api: this.restApi, stage: this.stage }],
    });
  }

  /**
   * The OU mapping declared in `ApiAuthorization.certificateOu({ mappings })`, one DynamoDB JSON
   * item per OU, ready for `aws dynamodb put-item --item`.
   */
  public ouMappingItems(): string[] {
    return (this.authorization.mappingItems ?? []).map((item) => JSON.stringify(item));
  }

  /**
   * Registers with an audit trail the data events of everything this API runs and reads: the
   * routes' functions, the authorizer, mapping-writer and truststore-writer functions, and the OU mapping and
   * revocation tables.
   * Call it after the routes are added.
   *
   * @param trail the trail, e.g. an `AuditTrail`
   */
  public addDataEventsTo(trail: IAuditTrail): void {
    // Functions and tables are recorded in selectors of their own, each listing its ARNs in this order.
    const parts = [...this.routeFunctions, ...this.authorization.dataEventTargets ?? [], this.truststore?.writerFunction];
    trail.addDataEvents(...parts.filter((part): part is NonNullable<typeof part> => part !== undefined));
  }

  /** The URL clients call: the custom domain's when there is one, else the stage's. */
  public get url(): string {
    return this.customDomainName ? `https://${this.customDomainName}/` : this.restApi.url;
  }

  private createRoute(
    method: string, path: string, handler: iam.IGrantable, options: RouteOptions, unauthenticatedReason: string | undefined,
  ): apigw.Method {
    const route: RouteKey = { method: validMethod(this, method), path: validPath(this, path) };
    const key = `${route.method} ${route.path}`;
    if (this.routes.has(key)) {
      throw new InvalidPropError('SecureApi.RouteAddedTwice', this, 'addRoute', `the route ${key} is added twice`, 'add each method and path once');
    }
    if (options.meteredWithApiKey && unauthenticatedReason !== undefined) {
      throw new InvalidPropError('SecureApi.ApiKeyAsOnlyCheck', this, `addUnauthenticatedRoute ${key} meteredWithApiKey`,
        'an API key would be the only check on this route, and an API key is not authorization',
        'leave meteredWithApiKey out, or add the route with addRoute');
    }
    const fn = routeFunction(this, handler);
    this.routeFunctions.add(fn);
    const contentTypes = validContentTypes(this, key, options.contentTypes ?? SECURE_API_DEFAULTS.contentTypes);
    const headers = options.requiredHeaders ?? [];
    const authorization = unauthenticatedReason === undefined
      ? this.authorization.routeAuthorization?.(route, options.scopes) ?? this.authorization.methodAuthorization
      : { authorizationType: apigw.AuthorizationType.NONE };

    const method_ = this.restApi.root.resourceForPath(route.path).addMethod(route.method,
      lambdaIntegration(fn, contentTypes, headers, unauthenticatedReason === undefined ? this.authorization.caller : {}), {
        ...authorization,
        apiKeyRequired: options.meteredWithApiKey ?? false,
        requestValidator: this.requestValidator,
        requestParameters: requestParameters(route.path, options.requiredQueryParameters ?? [], headers),
        requestModels: requestModels(this, this.restApi, route, contentTypes, options.requestSchema),
        methodResponses: methodResponses(),
      });
    if (unauthenticatedReason === undefined) {
      acknowledgeMethodWithoutCognito(method_, this.authorization.withoutCognitoReason);
    } else {
      acknowledgeUnauthenticatedMethod(method_, unauthenticatedReason);
      this.unauthenticatedMethods.add(method_.node.defaultChild!);
    }
    if (options.throttle) {
      const throttle = validThrottle(this, `addRoute ${key} throttle`, options.throttle);
      this.routeSettings.push(routeMethodSetting(route.method, route.path, throttle, this.loggingLevel));
    }
    this.routes.set(key, route);
    return method_;
  }

  private associateWebAcl(props: SecureApiProps, cidrs: string[] | undefined): wafv2.CfnWebACL | undefined {
    if (props.unsafeNoWebAclReason !== undefined) {
      acknowledgeWithoutWebAcl(this.stage, props.unsafeNoWebAclReason);
      return undefined;
    }
    const rateLimit = validWebAclRateLimit(this, props.webAclRateLimit ?? SECURE_API_DEFAULTS.webAclRateLimit);
    const created = props.webAclArn ? undefined : createWebAcl(this, 'WebAcl', cidrs, rateLimit,
      props.keys.keyFor(KeyUse.AUDIT), props.accessLogRetention ?? SECURE_API_DEFAULTS.accessLogRetention);
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.stage.stageArn,
      webAclArn: props.webAclArn ?? created!.attrArn,
    });
    return created;
  }

  private addRouteSettingsToStage(): void {
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    const stageSettings = (cfnStage.methodSettings ?? []) as apigw.CfnStage.MethodSettingProperty[];
    cfnStage.methodSettings = Lazy.any({ produce: () => [...stageSettings, ...this.routeSettings] });
  }

  private validateRoutes(): Failure[] {
    const unauthorized = unauthorizedMethodErrors(this.restApi, this.authorization.methodAuthorization.authorizationType,
      this.unauthenticatedMethods);
    if (this.routes.size === 0) {
      return [{ code: 'SecureApi.NoRoutes', scope: this, prop: 'routes', problem: 'the API has no routes', fix: 'add at least one with addRoute' },
        ...unauthorized];
    }
    const routes = [...this.routes.values()];
    return [
      ...overlongRoutes(this, this.stageName, routes),
      ...this.authorization.validate?.(routes) ?? [],
      ...this.grantsReachingOtherRoutes(routes),
      ...unauthorized,
    ];
  }

  /** Each IAM grant whose ARN pattern would also let its grantee call a route it was not granted. */
  private grantsReachingOtherRoutes(routes: RouteKey[]): Failure[] {
    const granted = (principal: iam.IPrincipal, route: RouteKey) => this.invokeGrants.some((grant) =>
      grant.principal === principal && grant.route.method === route.method && grant.route.path === route.path);
    return this.invokeGrants.flatMap(({ route, principal }) => routesReachedBy(route, routes)
      .filter((other) => !granted(principal, other))
      .map((other): Failure => ({
        code: 'SecureApi.GrantReachesOtherRoute',
        scope: this,
        prop: 'grantInvoke',
        problem: `the grant on '${route.method} ${route.path}' would also let its grantee call '${other.method} ${other.path}' ` +
          "(IAM's '*' for a path parameter also matches '/' and literal siblings)",
        fix: 'give one of the two routes a path the other cannot match (e.g. a distinct literal prefix), grant the grantee ' +
          'that route too if it may call it, or use certificate-OU or Lambda authorization, which decide on the exact route',
      })));
  }
}

