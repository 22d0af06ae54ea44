import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

// docker-compose.yml, checked without a Docker engine: against the Compose specification's JSON schema
// (compose-spec's schema/compose-spec.json, as the dclint package ships it) and against the rules
// of issue 12 item 3. `npm run test:compose` brings the stack up where an engine is present.
const root = join(__dirname, '..', '..');
const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true });
const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
// A draft-07 schema (Ajv's default draft); its `$schema` spells the meta-schema's URL with https, which Ajv does not know by that name.
const { $schema: _draft07, ...composeSchema } = JSON.parse(readFileSync(schemaPath, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(composeSchema);
const { SUBGRAPHS } = require(join(root, 'scripts', 'subgraphs.js')) as { SUBGRAPHS: { name: string; port: number; portEnv: string }[] };

type Service = {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  hostname?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
};
const services = compose.services as Record<string, Service>;
const SERVERS = ['postgres', 'rabbitmq', 'redis'];
const TOOLS = ['mailpit', 'jaeger'];
const processes = Object.keys(services).filter((name) => !SERVERS.includes(name) && !TOOLS.includes(name));
const SECRETS = ['JWT_SECRET', 'SUBGRAPH_SECRET', 'POSTGRES_PASSWORD', 'RABBITMQ_PASSWORD', 'REDIS_PASSWORD'];
// Ports the servers installed on a developer's machine listen on (Postgres, RabbitMQ and its
// management and Erlang distribution, Redis, a local Mailpit/MailHog).
const LOCAL_SERVER_PORTS = [5432, 5672, 15672, 25672, 4369, 6379, 1025, 8025];

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification', () => {
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('fails validation when a key is misspelt, so the check can fail', () => {
    const broken = structuredClone(compose);
    broken.services.gateway.healthcheck.intervall = '5s';
    expect(validate(broken)).toBe(false);
  });

  it('keeps Postgres, RabbitMQ and Redis data in named volumes, and RabbitMQ under a fixed hostname', () => {
    const mounts = { postgres: '/var/lib/postgresql/data', rabbitmq: '/var/lib/rabbitmq', redis: '/data' } as Record<string, string>;
    for (const server of SERVERS) {
      const named = (services[server].volumes ?? []).map((volume) => volume.split(':')).find(([, target]) => target === mounts[server]);
      expect(named?.[0]).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(Object.keys(compose.volumes)).toContain(named?.[0]);
    }
    expect(services.rabbitmq.hostname).toBe('rabbitmq');
  });

  it('requires every secret and gives none a default', () => {
    for (const name of SECRETS) {
      expect(text).toMatch(new RegExp(`\\$\\{${name}:\\?[^}]+\\}`));
      expect(text).not.toMatch(new RegExp(`\\$\\{${name}(:?-|-)`));
    }
    for (const name of processes) {
      expect(services[name].environment?.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
      expect(services[name].environment?.SUBGRAPH_SECRET).toMatch(/^\$\{SUBGRAPH_SECRET:\?/);
    }
  });

  it('publishes every port on 127.0.0.1 only, away from locally installed servers', () => {
    const published = Object.values(services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) {
      const [host, hostPort] = port.split(':');
      expect(host).toBe('127.0.0.1');
      expect(LOCAL_SERVER_PORTS).not.toContain(Number(hostPort));
    }
  });

  it('protects Redis with a password that REDIS_URL carries', () => {
    expect(services.redis.command).toEqual(expect.arrayContaining(['--requirepass', expect.stringMatching(/^\$\{REDIS_PASSWORD:\?/)]));
    for (const name of processes) expect(services[name].environment?.REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379$/);
  });

  it('builds one image once and runs every process from it', () => {
    const builders = Object.entries(services).filter(([, service]) => service.build !== undefined);
    expect(builders.map(([name]) => name)).toHaveLength(1);
    const image = builders[0][1].image;
    expect(image).toBeDefined();
    for (const name of processes) {
      expect(services[name].image).toBe(image);
      if (services[name].build === undefined) expect(services[name].pull_policy).toBe('never');
    }
  });

  it('has a healthcheck on every service, and every dependency waits for health', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, test: service.healthcheck?.test?.length }).toEqual({ name, test: expect.any(Number) });
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
        expect(Object.keys(services)).toContain(dependency);
      }
    }
    for (const name of processes) expect(Object.keys(services[name].depends_on ?? {})).toEqual(expect.arrayContaining(SERVERS));
    expect(Object.keys(services['event-relay'].depends_on ?? {})).toEqual(expect.arrayContaining(SUBGRAPHS.map((s) => s.name)));
    expect(Object.keys(services.gateway.depends_on ?? {})).toEqual(expect.arrayContaining(SUBGRAPHS.map((s) => s.name)));
  });

  it('checks each process on its own endpoint: the subgraphs and relay on /health, the gateway on /ready', () => {
    for (const subgraph of SUBGRAPHS) {
      const env = services[subgraph.name].environment ?? {};
      expect(env[subgraph.portEnv]).toBe(String(subgraph.port));
      expect(env.HEALTHCHECK_URL).toBe(`http://127.0.0.1:${subgraph.port}/health`);
      expect(services.gateway.environment?.[`SUBGRAPH_URL_${subgraph.name.toUpperCase()}`]).toBe(`http://${subgraph.name}:${subgraph.port}/graphql`);
    }
    expect(services['event-relay'].environment?.OUTBOX_SCHEMAS?.split(',')).toEqual(SUBGRAPHS.map((s) => s.name));
    expect(services['event-relay'].environment?.HEALTHCHECK_URL).toBe('http://127.0.0.1:4010/health');
    expect(services.gateway.environment?.HEALTHCHECK_URL).toBe('http://127.0.0.1:4000/ready');
    // Listeners that default to loopback must leave it to be reached from the other containers.
    for (const name of processes) expect(services[name].environment).toMatchObject({ SUBGRAPH_HOST: '0.0.0.0', RELAY_HOST: '0.0.0.0' });
  });

  it('points every process at the mail sink and the trace viewer', () => {
    expect(services.jaeger.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
    for (const name of processes) {
      expect(services[name].environment).toMatchObject({ SMTP_URL: 'smtp://mailpit:1025', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' });
      expect(services[name].environment?.OTEL_SERVICE_NAME).toBeTruthy();
    }
  });

  it('turns the explorer and introspection on by setting, in production mode', () => {
    expect(services.gateway.environment).toMatchObject({ NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true', GATEWAY_EXPLORER: 'graphiql' });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1];

  it('builds with development dependencies, then ships only production ones on Node 22 LTS', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:22-(bookworm-slim|alpine)\b/);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    expect(final).not.toMatch(/npm (ci|install)(?![^\n]*--omit=dev)/);
  });

  it('runs as a non-root user with EXPOSE, HEALTHCHECK and a default CMD', () => {
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^EXPOSE 4000\b/m);
    expect(final).toMatch(/^HEALTHCHECK .*scripts\/healthcheck\.js/m);
    expect(final).toMatch(/^CMD \["node", "scripts\/start\.js"\]$/m);
  });

  it('never copies the compose secrets into the image', () => {
    expect(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')).toContain('.env');
  });
});
