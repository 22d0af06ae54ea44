import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AddCareRecipientDocument, CareCircleEventLogDocument, CreateCareCircleDocument, createCareGraphClient, LogInDocument, SignUpDocument } from '@caregraph/client';
import { asGateway, createTestDatabase, deleteAmqpNamespace, eventually, infra, startCareGraph, testNamespace, type RunningCareGraph } from '@caregraph/testing';

const execute = promisify(execFile);
const sdk = path.resolve(__dirname, '..');
// ws as CareGraph's gateway pins it; the README says `npm install @caregraph/client ws`.
const WS_VERSION = '8.18.3';
// Short-lived tokens, so each example's stream outlives its first token and must refresh it; long
// enough that the gateway restart normally happens while the first one is still valid.
const JWT_TTL = '30s';
// Set, so that the gateway verifies tokens too (without it, it forwards them unverified and never ends a stream at exp).
const JWT_SECRET = 'sdk-package-test-secret-0123456789abcdef';

/** The README's runnable examples: the fenced blocks tagged `js example.mjs` and `js example.cjs`. */
function readmeExamples(): Map<string, string> {
  const readme = fs.readFileSync(path.join(sdk, 'README.md'), 'utf8');
  return new Map([...readme.matchAll(/^```js (example\.[mc]js)\n([\s\S]*?)^```$/gm)].map((match) => [match[1], match[2]]));
}

/** The environment without what npm adds to the scripts it runs (a `npm test` here must not steer the user's npm). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_'))), ...extra };
}

type LauncherHealth = { children: { name: string; state: string; pid?: number; restarts: number }[] };

describe('@caregraph/client as a user installs it from its tarball', () => {
  let caregraph: RunningCareGraph;
  let dropDatabase: () => Promise<void>;
  let namespace: string;
  let project: string;

  beforeAll(async () => {
    const servers = await infra();
    const database = await createTestDatabase('sdkpackage');
    dropDatabase = database.drop;
    namespace = testNamespace('sdkpackage');
    const started = startCareGraph({ ...process.env, DATABASE_URL: database.url, RABBITMQ_URL: servers.rabbitmqUrl, REDIS_URL: servers.redisUrl, CAREGRAPH_NAMESPACE: namespace, JWT_TTL, JWT_SECRET });

    // A new project outside the repository, with the packed package (its prepack builds it) and ws from the registry.
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-client-'));
    await execute('npm', ['pack', '--pack-destination', project], { cwd: sdk, env: userEnv() });
    const [tarball] = fs.readdirSync(project).filter((file) => file.endsWith('.tgz'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'caregraph-client-example', version: '1.0.0', private: true }));
    await execute('npm', ['install', '--no-audit', '--no-fund', `./${tarball}`, `ws@${WS_VERSION}`], { cwd: project, env: userEnv() });
    for (const [file, code] of readmeExamples()) fs.writeFileSync(path.join(project, file), code);
    caregraph = await started;
  }, 300000);

  afterAll(async () => {
    await caregraph?.stop();
    const servers = await infra();
    await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
    await dropDatabase?.();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  }, 60000);

  it('packs ES modules, CommonJS and declarations, and nothing of the sources or tests', async () => {
    const installed = path.join(project, 'node_modules', '@caregraph', 'client');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@graphql-typed-document-node/core': '3.2.0', graphql: '16.15.0', 'graphql-ws': '6.4.2' });
    for (const file of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'README.md']) expect(fs.existsSync(path.join(installed, file))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'dist/esm/resumable.unit.spec.js'))).toBe(false);
    // Both entry points load with plain node and export the same names.
    const names = async (loader: string) => (await execute(process.execPath, ['-e', loader], { cwd: project, env: userEnv() })).stdout.trim();
    const viaRequire = await names("console.log(Object.keys(require('@caregraph/client')).sort().join(','))");
    const viaImport = await names("import('@caregraph/client').then((m) => console.log(Object.keys(m).filter((k) => k !== 'default').sort().join(',')))");
    expect(viaImport).toBe(viaRequire);
    expect(viaRequire.split(',')).toEqual(expect.arrayContaining(['createCareGraphClient', 'CareGraphError', 'CareGraphNetworkError', 'CareCircleEventsDocument', 'LogMedicationDocument']));
  });

  // The gateway is stopped politely (SIGTERM) for one and killed (SIGKILL) for the other; the launcher restarts it on the same port.
  it.each([
    ['example.mjs', 'SIGTERM'],
    ['example.cjs', 'SIGKILL'],
  ] as const)("runs the README's %s: a resumable stream prints every event once, in order, across a gateway restart (%s) and a token refresh", async (file, signal) => {
    const url = caregraph.gatewayUrl;
    const anonymous = createCareGraphClient({ url });
    const email = `sdk-${file.replace('.', '-')}-${Date.now()}@example.com`;
    const password = 'correct horse battery';
    const logIn = async () => (await anonymous.request(LogInDocument, { input: { email, password } })).logIn.token;
    const { signUp } = await anonymous.request(SignUpDocument, { input: { email, password, displayName: 'Sam' } });
    let token = signUp.token;
    const client = createCareGraphClient({ url, token: async ({ refresh }) => (refresh ? (token = await logIn()) : token) });
    const { createCareCircle: circle } = await client.request(CreateCareCircleDocument, { input: { name: 'Mum' } });
    const eventLog = async () =>
      (await client.request(CareCircleEventLogDocument, { careCircleId: circle.id, first: 100 })).careCircleEventLog.edges.map(({ node }) => `${node.sequence} ${node.type}`);
    const addRecipient = (name: string) => client.request(AddCareRecipientDocument, { input: { careCircleId: circle.id, name } });
    // The circle's first events are in its log before the example reads its history.
    await eventually(async () => expect((await eventLog()).length).toBeGreaterThan(0));

    const example = spawn(process.execPath, [file], {
      cwd: project,
      env: userEnv({ CAREGRAPH_URL: url, CAREGRAPH_EMAIL: email, CAREGRAPH_PASSWORD: password }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    example.stdout.on('data', (chunk) => (stdout += chunk));
    example.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => example.once('exit', (code) => resolve(code)));
    const lines = () => stdout.split('\n').filter(Boolean);
    const printedEvents = () => lines().filter((line) => /^\d+ \S+$/.test(line));
    const logins = () => lines().filter((line) => line === 'logged in').length;
    /** Waits until the log holds `recipients` created recipients and the example printed exactly the log, in its order. */
    const printedAllOf = (recipients: number) =>
      eventually(async () => {
        const expected = await eventLog();
        expect(expected.filter((line) => line.endsWith(' care_recipient.created'))).toHaveLength(recipients);
        expect({ printed: printedEvents(), stderr }).toEqual({ printed: expected, stderr: '' });
        expect(expected.map((line) => Number(line.split(' ')[0]))).toEqual(expected.map((_, index) => index + 1));
      }, 30000);

    try {
      await eventually(() => expect(lines()).toContain('Sam follows Mum'), 30000);
      // Issued after the example's first token: once CareGraph refuses this one, the example's has expired too.
      const laterToken = await logIn();
      await printedAllOf(0);

      await addRecipient('Before the restart');
      await printedAllOf(1);

      // Restart the gateway between two events, and write one while it is down, straight to care.
      const launcherHealth = async () => ((await (await fetch(`http://127.0.0.1:${caregraph.ports.launcher}/health`)).json()) as LauncherHealth).children.find((child) => child.name === 'gateway')!;
      const before = await launcherHealth();
      const freshToken = await logIn();
      process.kill(before.pid!, signal);
      const direct = await fetch(`http://127.0.0.1:${caregraph.ports.subgraphs.care}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asGateway()), authorization: `Bearer ${freshToken}` },
        body: JSON.stringify({ query: 'mutation ($input: AddCareRecipientInput!) { addCareRecipient(input: $input) { id } }', variables: { input: { careCircleId: circle.id, name: 'While the gateway is down' } } }),
      });
      expect(await direct.json()).toMatchObject({ data: { addCareRecipient: { id: expect.any(String) } } });
      await eventually(async () => expect(await launcherHealth()).toMatchObject({ state: 'running', restarts: before.restarts + 1 }), 30000);
      await eventually(() => addRecipient('After the restart'), 30000);
      await printedAllOf(3);

      // The example's token expires mid-stream: the gateway ends the stream at the next event with
      // UNAUTHENTICATED; the example logs in again, reconnects and resumes, that event included.
      const refused = createCareGraphClient({ url, token: laterToken });
      await eventually(() => expect(refused.request(CareCircleEventLogDocument, { careCircleId: circle.id })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' }), 60000, 500);
      await addRecipient('After the token expired');
      await printedAllOf(4);
      // Twice at least: a slow restart can outlive the first token, which the reconnection then refreshes (4403).
      expect(logins()).toBeGreaterThanOrEqual(2);
    } finally {
      example.kill('SIGINT');
      await client.close();
    }
    // SIGINT stops the stream and closes the socket: Node exits by itself, with nothing on stderr.
    let hung: NodeJS.Timeout | undefined;
    const exit = await Promise.race([exited, new Promise<string>((resolve) => (hung = setTimeout(() => resolve('still running 10 s after SIGINT'), 10000)))]);
    clearTimeout(hung);
    if (example.exitCode === null) example.kill('SIGKILL');
    expect(exit).toBe(0);
    expect(stderr).toBe('');
  }, 240000);
});
