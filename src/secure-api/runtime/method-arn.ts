/** The parts of an API Gateway method ARN the authorizer needs. */
export interface MethodArn {
  readonly arn: string;
  /** `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod`: the API stage every route ARN starts with. */
  readonly stagePrefix: string;
  /** The HTTP method the request was made with, e.g. `GET`. */
  readonly method: string;
}

export const MAX_METHOD_ARN_LENGTH = 2048;

// arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<resource path>
const METHOD_ARN = /^(arn:aws[a-z-]{0,16}:execute-api:[a-z0-9-]{1,32}:\d{12}:[a-z0-9]{1,32}\/[A-Za-z0-9_-]{1,128})\/([A-Z]{1,16})\/[^*?]*$/;

let lastArn: MethodArn | undefined;

/** Parses the event's `methodArn`; `undefined` when it isn't one (wildcards in it included). */
export function parseMethodArn(arn: string): MethodArn | undefined {
  if (lastArn?.arn === arn) {
    return lastArn;
  }
  if (arn.length > MAX_METHOD_ARN_LENGTH) {
    return undefined;
  }
  const match = METHOD_ARN.exec(arn);
  if (!match) {
    return undefined;
  }
  lastArn = { arn, stagePrefix: match[1], method: match[2] };
  return lastArn;
}
