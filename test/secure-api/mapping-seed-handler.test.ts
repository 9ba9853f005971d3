import { createServer, IncomingMessage, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { SEED_HANDLER } from '../../src/secure-api/authorization/mapping-seed';

/** Runs the inline seed handler with a fake DynamoDB client and a local server as CloudFormation's response URL. */
async function run(requestType: string, failWith?: string): Promise<{ puts: any[]; answer: any }> {
  const puts: any[] = [];
  const fakeDynamoDb = {
    DynamoDBClient: class {
      public async send(command: { input: any }) {
        if (failWith) throw Object.assign(new Error('secret detail'), { name: failWith });
        puts.push(command.input);
      }
    },
    PutItemCommand: class { constructor(public readonly input: any) {} },
  };
  const module = { exports: {} as any };
  runInNewContext(SEED_HANDLER, {
    module,
    exports: module.exports,
    Buffer,
    JSON,
    require: (name: string) => (name === '@aws-sdk/client-dynamodb' ? fakeDynamoDb : { request: httpRequest }),
  });
  let answer: any;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => { answer = { method: req.method, ...JSON.parse(body) }; res.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as AddressInfo).port;
  await module.exports.handler({
    RequestType: requestType,
    ResourceProperties: { TableName: 'mapping', Items: JSON.stringify([{ ou: { S: 'scanners' } }, { ou: { S: 'customers' } }]) },
    ResponseURL: `http://localhost:${port}/response`,
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'Seed',
  }, { logStreamName: 'log-stream' });
  server.close();
  return { puts, answer };
}

describe('the OU mapping seed handler', () => {
  test.each(['Create', 'Update'])('%s writes every item and answers SUCCESS', async (requestType) => {
    const { puts, answer } = await run(requestType);
    expect(puts).toEqual([{ TableName: 'mapping', Item: { ou: { S: 'scanners' } } }, { TableName: 'mapping', Item: { ou: { S: 'customers' } } }]);
    expect(answer).toMatchObject({ method: 'PUT', Status: 'SUCCESS', RequestId: 'request', StackId: 'stack', LogicalResourceId: 'Seed' });
  });

  test('Delete writes and deletes nothing', async () => {
    const { puts, answer } = await run('Delete');
    expect(puts).toEqual([]);
    expect(answer.Status).toEqual('SUCCESS');
  });

  test('a failed write answers FAILED with the error name, not its message', async () => {
    const { answer } = await run('Create', 'AccessDeniedException');
    expect(answer.Status).toEqual('FAILED');
    expect(answer.Reason).toContain('AccessDeniedException');
    expect(answer.Reason).not.toContain('secret detail');
  });
});
