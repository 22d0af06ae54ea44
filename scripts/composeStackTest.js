#!/usr/bin/env node
// `npm run test:compose`: the opt-in test of docker-compose.yml on a real Docker engine. It builds the
// image, brings the whole stack up (waiting for every healthcheck), signs up, creates a care circle,
// subscribes to its events through the gateway and checks that a mutation's event arrives; then it
// removes the stack and its volumes. Not part of `npm test`: it needs CAREGRAPH_COMPOSE_TEST=1 and a
// Docker engine, and when either is missing it says so and exits 1 instead of passing.
// The file's static checks (schema, volumes, ports, secrets) run everywhere:
// test/contract/composeFile.unit.spec.ts.
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const COMPOSE_GATEWAY = 'http://127.0.0.1:4000/graphql';

function cannotRun(reason) {
  console.error(`test:compose NOT RUN: ${reason}`);
  console.error('0 passed, 1 failed');
  process.exit(1);
}

function preconditions() {
  if (process.env.CAREGRAPH_COMPOSE_TEST !== '1') {
    cannotRun('set CAREGRAPH_COMPOSE_TEST=1 to build the image and start the stack (it publishes ports 4000, 4010, 15432, 15673, 15682, 16379, 16686 and 18025 on 127.0.0.1).');
  }
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (info.error) cannotRun(`the docker client is not installed (${info.error.message}).`);
  if (info.status !== 0) cannotRun(`no Docker engine answers (docker info: ${(info.stderr || info.stdout).trim().split('\n').pop()}).`);
  if (spawnSync('docker', ['compose', 'version']).status !== 0) cannotRun('the docker client has no compose plugin (docker compose version failed).');
}

async function graphql(gateway, query, variables, token) {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Subscribes to the circle's events and resolves with the first one of `type` (60 s at most). */
function firstEvent(gateway, token, careCircleId, type) {
  const { createClient } = require('graphql-ws');
  const WebSocket = require('ws');
  const client = createClient({ url: gateway.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  let ready;
  const subscribed = new Promise((resolve) => (ready = resolve));
  const event = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within 60 s`)), 60_000);
    const stop = client.subscribe(
      { query: 'subscription($c: ID!) { careCircleEvents(careCircleId: $c) { type careCircleId } }', variables: { c: careCircleId } },
      {
        next: ({ data, errors }) => {
          if (errors) reject(new Error(JSON.stringify(errors)));
          if (data?.careCircleEvents?.type === type) {
            clearTimeout(timer);
            stop();
            resolve(data.careCircleEvents);
          }
        },
        error: reject,
        complete: () => {},
      },
    );
    client.on('connected', () => setTimeout(ready, 500));
  });
  return { subscribed, event, close: () => client.dispose() };
}

/** Signs up, creates a circle, subscribes to it and checks that addCareRecipient's event arrives. */
async function exercise(gateway) {
  const email = `compose-${crypto.randomUUID()}@example.org`;
  const { signUp } = await graphql(gateway, 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }', { i: { email, password: 'a compose test password', displayName: 'Compose' } });
  const { createCareCircle } = await graphql(gateway, 'mutation($i: CreateCareCircleInput!) { createCareCircle(input: $i) { id } }', { i: { name: 'Compose circle' } }, signUp.token);
  const live = firstEvent(gateway, signUp.token, createCareCircle.id, 'care_recipient.created');
  await live.subscribed;
  await graphql(gateway, 'mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: createCareCircle.id, name: 'Grandma' } }, signUp.token);
  const received = await live.event;
  await live.close();
  if (received.careCircleId !== createCareCircle.id) throw new Error(`event for circle ${received.careCircleId}, expected ${createCareCircle.id}`);
}

async function main() {
  preconditions();
  const project = `caregraph-test-${crypto.randomBytes(3).toString('hex')}`;
  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-compose-')), '.env');
  const secret = () => crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(envFile, ['JWT_SECRET', 'SUBGRAPH_SECRET', 'POSTGRES_PASSWORD', 'RABBITMQ_PASSWORD', 'REDIS_PASSWORD'].map((name) => `${name}=${secret()}`).join('\n'));
  const compose = (...args) => execFileSync('docker', ['compose', '-p', project, '--env-file', envFile, ...args], { cwd: root, stdio: 'inherit' });
  let failed = false;
  try {
    compose('up', '--build', '--detach', '--wait', '--wait-timeout', '600');
    await exercise(COMPOSE_GATEWAY);
    console.log('compose stack: a mutation\'s event reached a subscriber through the gateway');
  } catch (error) {
    failed = true;
    console.error(error);
    spawnSync('docker', ['compose', '-p', project, '--env-file', envFile, 'logs', '--tail', '50'], { cwd: root, stdio: 'inherit' });
  } finally {
    compose('down', '--volumes', '--remove-orphans');
    fs.rmSync(path.dirname(envFile), { recursive: true, force: true });
  }
  console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
  process.exit(failed ? 1 : 0);
}

if (require.main === module) main();

module.exports = { exercise };
