import { createTestDatabase, deleteAmqpNamespace, eventually, infra, startCareGraph, testNamespace, type RunningCareGraph } from '@caregraph/testing';

// The launcher's supervisor (plain JS, as `npm start` runs it).
const { Supervisor } = require('../../scripts/Supervisor') as {
  Supervisor: new (options: { cwd: string; env: NodeJS.ProcessEnv; log?: (line: string) => void; firstDelayMs?: number; maxDelayMs?: number }) => {
    run(name: string, args: string[]): void;
    status(): { status: string; children: { name: string; state: string; pid?: number; restarts: number; lastExit?: { code: number | null } }[] };
    stop(): Promise<void>;
  };
};

type LauncherHealth = { status: string; children: { name: string; state: string; pid?: number; restarts: number }[] };

describe('the services-mode launcher keeps CareGraph up when one process dies', () => {
  it('restarts a crashing child with a growing backoff and reports it', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({ cwd: process.cwd(), env: process.env, log: (line) => lines.push(line), firstDelayMs: 50, maxDelayMs: 200 });
    supervisor.run('crasher', ['-e', 'process.exit(3)']);
    supervisor.run('steady', ['-e', 'setInterval(() => {}, 1000)']);
    await eventually(() => expect(supervisor.status().children[0].restarts).toBeGreaterThanOrEqual(3));
    const status = supervisor.status();
    expect(status.children[0]).toMatchObject({ name: 'crasher', lastExit: { code: 3 } });
    expect(status.children[1]).toMatchObject({ name: 'steady', state: 'running', restarts: 0 });
    expect(lines[0]).toMatch(/crasher exited \(3\); restarting in 50 ms/);
    expect(lines[1]).toMatch(/restarting in 100 ms/);
    expect(lines.some((line) => /restarting in 200 ms/.test(line))).toBe(true);
    expect(lines.some((line) => /restarting in 400 ms/.test(line))).toBe(false);
    await supervisor.stop();
    expect(supervisor.status().children.every((child) => child.state === 'stopped' || child.pid === undefined)).toBe(true);
  });

  describe('in a running CareGraph', () => {
    let caregraph: RunningCareGraph;
    let dropDatabase: () => Promise<void>;
    let namespace: string;

    beforeAll(async () => {
      const servers = await infra();
      const database = await createTestDatabase('launcher');
      dropDatabase = database.drop;
      namespace = testNamespace('launcher');
      caregraph = await startCareGraph({ ...process.env, DATABASE_URL: database.url, RABBITMQ_URL: servers.rabbitmqUrl, REDIS_URL: servers.redisUrl, CAREGRAPH_NAMESPACE: namespace });
    }, 120000);

    afterAll(async () => {
      await caregraph?.stop();
      const servers = await infra();
      await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
      await dropDatabase?.();
    }, 60000);

    const health = async () => (await (await fetch(`http://127.0.0.1:${caregraph.ports.launcher}/health`)).json()) as LauncherHealth;
    const signUp = async () => {
      const response = await fetch(caregraph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }',
          variables: { input: { email: `restart-${Date.now()}-${Math.random()}@example.com`, password: 'correct horse battery', displayName: 'Restart' } },
        }),
      });
      return (await response.json()) as { data?: { signUp: { user: { id: string } } }; errors?: unknown[] };
    };

    it('restarts a killed subgraph, shows it in the launcher health, and serves again', async () => {
      const before = await health();
      expect(before.status).toBe('ok');
      const identity = before.children.find((child) => child.name === 'identity')!;
      expect(identity).toMatchObject({ state: 'running', restarts: 0 });

      process.kill(identity.pid!, 'SIGKILL');
      await eventually(async () => {
        const after = (await health()).children.find((child) => child.name === 'identity')!;
        expect(after.restarts).toBe(1);
        expect(after.state).toBe('running');
        expect(after.pid).not.toBe(identity.pid);
      }, 20000);
      // Every other process stayed up, and identity answers again once it has started.
      expect((await health()).children.filter((child) => child.name !== 'identity').every((child) => child.restarts === 0)).toBe(true);
      await eventually(async () => expect((await signUp()).data?.signUp.user.id).toBeDefined(), 30000);
    }, 60000);
  });
});
