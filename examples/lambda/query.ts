import { AttributeValue, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { callerOrgId, isId, logOutcome, problem, reply, RouteEvent, RouteResult } from './findings';

const PAGE_SIZE = 100;

/**
 * `GET /findings/{orgId}`: a customer reads its organization's findings. The organization comes
 * from the authorizer (the client certificate's OU mapping), never from the caller alone: a
 * request for another organization's findings is refused before DynamoDB is asked.
 */
export function queryHandler(client: DynamoDBClient, tableName: string) {
  return async (event: RouteEvent): Promise<RouteResult> => {
    const requested = event.path?.orgId;
    const callerOrg = callerOrgId(event);
    if (!isId(requested, 64)) {
      logOutcome({ requestId: event.requestId, outcome: 'rejected', reason: 'invalid orgId' });
      return problem(400, 'orgId must be 1 to 64 letters, digits or ._:- characters.', event.requestId);
    }
    if (callerOrg === undefined || callerOrg !== requested) {
      logOutcome({ requestId: event.requestId, outcome: 'forbidden', reason: 'another organization', ou: event.caller?.ou });
      return problem(403, 'Forbidden', event.requestId);
    }
    try {
      const result = await client.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'orgId = :orgId',
        ExpressionAttributeValues: { ':orgId': { S: callerOrg } },
        Limit: PAGE_SIZE,
      }));
      const findings = (result.Items ?? []).map(toFinding);
      logOutcome({ requestId: event.requestId, outcome: 'read', orgId: callerOrg, count: findings.length });
      return reply(200, { orgId: callerOrg, findings, truncated: result.LastEvaluatedKey !== undefined });
    } catch (error) {
      logOutcome({ requestId: event.requestId, outcome: 'error', error: (error as Error).name });
      return problem(500, 'Internal server error', event.requestId);
    }
  };
}

function toFinding(item: Record<string, AttributeValue>) {
  return {
    findingId: item.findingId?.S,
    severity: item.severity?.S,
    title: item.title?.S,
    receivedAt: item.receivedAt?.S,
  };
}

export const handler = queryHandler(new DynamoDBClient({}), process.env.TABLE_NAME ?? '');
