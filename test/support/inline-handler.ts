import { createServer, IncomingMessage, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';

/**
 * Runs one CloudFormation custom resource event through an inline handler source as the library
 * deploys it (`lambda.Code.fromInline`), with the given modules for its `require`s (the AWS SDK
 * client it uses) and a local server standing in for the pre-signed response URL. Returns the
 * answer the handler PUT there.
 */
export async function runInlineHandler(source: string, modules: Record<string, unknown>, event: Record<string, unknown>): Promise<any> {
  const module = { exports: {} as any };
  runInNewContext(source, {
    module,
    exports: module.exports,
    Buffer,
    JSON,
    Object,
    Error,
    require: (name: string) => modules[name] ?? { request: httpRequest },
  });
  let answer: any;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => { answer = { method: req.method, ...JSON.parse(body) }; res.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    await module.exports.handler({
      ResponseURL: `http://127.0.0.1:${port}/response`,
      StackId: 'stack',
      RequestId: 'request',
      LogicalResourceId: 'Seed',
      ...event,
    }, { logStreamName: 'log-stream' });
  } finally {
    server.close();
  }
  return answer;
}
