import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { callerOrgId, isId, logOutcome, problem, reply, RouteEvent, RouteResult, SEVERITIES } from './findings';

const MAX_TITLE_LENGTH = 512;

/**
 * `POST /findings`: a scanner stores one finding. The request body was validated by API Gateway
 * against the route's JSON schema; it is checked again here, since the function must not trust
 * its caller. A scanner whose certificate maps to an organization may only write for it.
 */
export function ingestHandler(client: DynamoDBClient, tableName: string) {
  return async (event: RouteEvent): Promise<RouteResult> => {
    const finding = event.body as Record<string, unknown> | undefined;
    if (!finding || typeof finding !== 'object' || Array.isArray(finding)
      || !isId(finding.orgId, 64) || !isId(finding.findingId, 128)
      || typeof finding.severity !== 'string' || !SEVERITIES.includes(finding.severity)
      || (finding.title !== undefined && (typeof finding.title !== 'string' || finding.title.length > MAX_TITLE_LENGTH))) {
      logOutcome({ requestId: event.requestId, outcome: 'rejected', reason: 'invalid finding' });
      return problem(400, 'The finding needs orgId, findingId and a severity of LOW, MEDIUM, HIGH or CRITICAL.', event.requestId);
    }
    const callerOrg = callerOrgId(event);
    if (event.caller?.orgId !== undefined && callerOrg !== finding.orgId) {
      logOutcome({ requestId: event.requestId, outcome: 'forbidden', reason: 'finding for another organization' });
      return problem(403, 'Forbidden', event.requestId);
    }
    try {
      await client.send(new PutItemCommand({
        TableName: tableName,
        Item: {
          orgId: { S: finding.orgId },
          findingId: { S: finding.findingId },
          severity: { S: finding.severity },
          ...(typeof finding.title === 'string' ? { title: { S: finding.title } } : {}),
          reportedBy: { S: event.caller?.ou ?? 'unknown' },
          receivedAt: { S: new Date().toISOString() },
        },
        ConditionExpression: 'attribute_not_exists(findingId)',
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        logOutcome({ requestId: event.requestId, outcome: 'conflict' });
        return problem(409, 'A finding with this id already exists.', event.requestId);
      }
      logOutcome({ requestId: event.requestId, outcome: 'error', error: (error as Error).name });
      return problem(500, 'Internal server error', event.requestId);
    }
    logOutcome({ requestId: event.requestId, outcome: 'stored', orgId: finding.orgId });
    return reply(201, { orgId: finding.orgId, findingId: finding.findingId });
  };
}

export const handler = ingestHandler(new DynamoDBClient({}), process.env.TABLE_NAME ?? '');
