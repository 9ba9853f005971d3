import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * DynamoDB Local for tests and benchmarks: fetched from Maven Central by `mvn` with the pom in
 * test/setup/dynamodb-local (once, into the git-ignored .work/), run in memory on a free port,
 * with telemetry off. Nothing here talks to AWS.
 */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..');
const POM = join(ROOT, 'test', 'setup', 'dynamodb-local', 'pom.xml');
const INSTALL_DIR = join(ROOT, '.work', 'dynamodb-local');
const LIB_DIR = join(INSTALL_DIR, 'lib');
const COMPLETE_MARKER = join(LIB_DIR, '.complete');
const LOCK = join(INSTALL_DIR, '.fetch.lock');
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';
const START_TIMEOUT_MILLIS = 60_000;

/** Settings an AWS SDK client needs to reach DynamoDB Local (dummy credentials, any region). */
export function localClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/**
 * The environment a Lambda handler's default SDK client needs to reach DynamoDB Local: the
 * endpoint, a region, dummy credentials, and no instance-metadata look-ups.
 */
export function localSdkEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Starts DynamoDB Local, fetching it first when needed. */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  await ensureFetched();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      lastError = error; // the port may have been taken between probing and binding
    }
  }
  throw lastError;
}

async function launch(port: number): Promise<DynamoDbLocal> {
  const java = spawn('java', [
    `-Djava.library.path=${LIB_DIR}`,
    '-Xms64m',
    '-XX:TieredStopAtLevel=1',
    '-cp', join(LIB_DIR, '*'),
    MAIN_CLASS,
    '-inMemory', '-disableTelemetry', '-port', String(port),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  java.stdout?.on('data', (chunk) => (output += chunk));
  java.stderr?.on('data', (chunk) => (output += chunk));
  const killOnExit = () => java.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await terminate(java);
  };
  try {
    await waitForPort(port, java, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop };
}

async function ensureFetched(): Promise<void> {
  if (existsSync(COMPLETE_MARKER)) {
    return;
  }
  mkdirSync(INSTALL_DIR, { recursive: true });
  // Jest workers may start at once on a clean clone: one fetches, the others wait.
  while (!tryLock()) {
    await sleep(500);
    if (existsSync(COMPLETE_MARKER)) {
      return;
    }
  }
  try {
    if (!existsSync(COMPLETE_MARKER)) {
      fetchWithMaven();
    }
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function tryLock(): boolean {
  try {
    closeSync(openSync(LOCK, 'wx'));
    return true;
  } catch {
    // A lock left by a killed run is stale after the longest plausible fetch.
    if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 10 * 60_000) {
      rmSync(LOCK, { force: true });
    }
    return false;
  }
}

function fetchWithMaven(): void {
  const staging = `${LIB_DIR}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const mvn = spawnSync('mvn', [
    '-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`,
  ], { encoding: 'utf8', timeout: 10 * 60_000 });
  if (mvn.error || mvn.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `Fetching DynamoDB Local with Maven failed (${mvn.error?.message ?? `exit ${mvn.status}`}). ` +
      `Java 17+ and Maven must be installed. ${mvn.stdout ?? ''}${mvn.stderr ?? ''}`,
    );
  }
  if (!readdirSync(staging).some((file) => /^DynamoDBLocal-.*\.jar$/.test(file))) {
    throw new Error(`Maven ran but ${staging} holds no DynamoDBLocal jar`);
  }
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  rmSync(LIB_DIR, { recursive: true, force: true });
  renameSync(staging, LIB_DIR);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port: number, java: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MILLIS;
  while (Date.now() < deadline) {
    if (java.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with ${java.exitCode}: ${output()}`);
    }
    if (await canConnect(port)) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`DynamoDB Local did not listen on port ${port} within ${START_TIMEOUT_MILLIS} ms: ${output()}`);
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = new Socket();
    const done = (connected: boolean) => {
      socket.destroy();
      resolveConnect(connected);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}

export function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolveExit) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolveExit();
    });
    child.kill('SIGTERM');
  });
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, millis));
}
