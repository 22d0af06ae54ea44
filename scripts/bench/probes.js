// The two denial-of-service probes of issue 8, measured: a branching query nested --depth levels
// (`me { careCircles { members { user { careCircles … } } } } }`, each level doubling the answer)
// and --aliases aliases of `me { careCircles { careRecipients { medications { name } } } }`.
// Starts CareGraph in production services mode (random secrets) on a fresh database and
// namespace, sends each probe once (bounded by --timeout seconds), and meanwhile samples the
// gateway's, identity's and care's RSS every 100 ms and sends a small query every 100 ms.
//   npm run bench -- probes [--depth 16] [--aliases 5000] [--timeout 60]
require('reflect-metadata');
const fs = require('node:fs');
const { randomBytes } = require('node:crypto');
const { gqlAt } = require('./support/gqlAt');
const { startBenchCareGraph } = require('./support/startBenchCareGraph');

async function run(args) {
  const depth = Number(valueOf(args, '--depth') ?? 16);
  const aliases = Number(valueOf(args, '--aliases') ?? 5000);
  const timeoutMs = Number(valueOf(args, '--timeout') ?? 60) * 1000;
  const caregraph = await startBenchCareGraph({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
  });
  try {
    const url = caregraph.url;
    const token = await seed(url);
    const pids = processesOf(caregraph.pid);
    const rows = [];
    rows.push(await probe('idle (small query only)', url, token, null, pids, 3000));
    rows.push(await probe(`branching query, ${depth} levels`, url, token, branchingQuery(depth), pids, timeoutMs));
    rows.push(await probe(`${aliases} aliases`, url, token, aliasQuery(aliases), pids, timeoutMs));
    console.log(`\nissue 8 probes, production services mode; small query = { me { id } } every 100 ms during each probe`);
    console.table(rows);
    console.log(`processes still alive after the probes: ${Object.entries(pids).map(([name, pid]) => `${name} ${alive(pid) ? 'yes' : 'NO'}`).join(', ')}`);
  } finally {
    await caregraph.stop();
  }
}

/** Alice owns two circles with Bob in both, a recipient and a medication in each. */
async function seed(url) {
  const gql = gqlAt(url);
  const signUp = async (name) =>
    (await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }', { i: { email: `${name}-${randomBytes(4).toString('hex')}@example.com`, password: 'benchmark-password', displayName: name } })).signUp;
  const alice = await signUp('alice');
  const bob = await signUp('bob');
  const bobEmail = (await gql('{ me { email } }', {}, bob.token)).me.email;
  for (const name of ['One', 'Two']) {
    const { createCareCircle } = await gql('mutation($i: CreateCareCircleInput!) { createCareCircle(input: $i) { id } }', { i: { name } }, alice.token);
    await addMember(gql, createCareCircle.id, bobEmail, alice.token, bob.token);
    const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: createCareCircle.id, name: 'R' } }, alice.token);
    await gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', { i: { careRecipientId: addCareRecipient.id, name: 'M', dosage: '1', scheduleTimes: ['08:00'], supplyRemaining: 10, refillThreshold: 0 } }, alice.token);
  }
  return alice.token;
}

/** Invitation and acceptance where the API has them, else the older addMember. */
async function addMember(gql, careCircleId, email, ownerToken, memberToken) {
  try {
    const { inviteMember } = await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', { i: { careCircleId, email, role: 'CAREGIVER' } }, ownerToken);
    await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: inviteMember.id }, memberToken);
  } catch (error) {
    if (!/inviteMember|InviteMemberInput/.test(String(error))) throw error;
    await gql('mutation($i: AddMemberInput!) { addMember(input: $i) { role } }', { i: { careCircleId, email, role: 'CAREGIVER' } }, ownerToken);
  }
}

function branchingQuery(depth) {
  let selection = 'id';
  for (let i = 0; i < depth; i++) selection = `careCircles { id members { role user { id ${selection} } } }`;
  return `query Branching { me { ${selection} } }`;
}

function aliasQuery(count) {
  const fields = Array.from({ length: count }, (_, i) => `a${i}: me { careCircles { careRecipients { medications { name } } } }`);
  return `query Aliases { ${fields.join(' ')} }`;
}

async function probe(label, url, token, query, pids, timeoutMs) {
  const peaks = Object.fromEntries(Object.keys(pids).map((name) => [name, rssMb(pids[name])]));
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peaks[name] = Math.max(peaks[name], rssMb(pid));
  }, 100);
  const small = [];
  let smallErrors = 0;
  let probing = true;
  const smallLoop = (async () => {
    // Bounded: at most timeoutMs / 100 + 30 small queries, one every 100 ms.
    for (let i = 0; probing && i < timeoutMs / 100 + 30; i++) {
      const t0 = performance.now();
      try {
        const body = await postWithTimeout(url, { query: '{ me { id } }' }, token, 10000);
        if (body.json?.data?.me?.id) small.push(performance.now() - t0);
        else smallErrors++;
      } catch {
        smallErrors++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  let outcome = 'no probe';
  const t0 = performance.now();
  if (query) {
    try {
      const response = await postWithTimeout(url, { query }, token, timeoutMs);
      const code = response.json?.errors?.[0]?.extensions?.code;
      outcome = `HTTP ${response.status}${code ? ` ${code}` : ''}, ${(response.bytes / 1024).toFixed(0)} KB`;
    } catch (error) {
      outcome = `failed: ${error.message}`.slice(0, 60);
    }
  } else {
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  }
  const probeMs = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 500));
  probing = false;
  await smallLoop;
  clearInterval(sampler);
  const sorted = small.sort((a, b) => a - b);
  const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1) : '-');
  return {
    probe: label,
    outcome,
    probe_ms: probeMs.toFixed(0),
    ...Object.fromEntries(Object.entries(peaks).map(([name, mb]) => [`${name}_peak_MB`, mb.toFixed(0)])),
    small_p50_ms: q(50),
    small_max_ms: sorted.length ? sorted.at(-1).toFixed(1) : '-',
    small_failed: smallErrors,
  };
}

async function postWithTimeout(url, body, token, timeoutMs) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, bytes: Buffer.byteLength(text), json };
}

/** The launcher's children by role: the gateway, identity and care processes. */
function processesOf(launcherPid) {
  const children = fs.readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  const byRole = {};
  for (const pid of children) {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (args.includes('gateway/dist/main.js')) byRole.gateway = pid;
    else if (args.includes('subgraphs/identity/dist/main.js')) byRole.identity = pid;
    else if (args.includes('subgraphs/care/dist/main.js')) byRole.care = pid;
  }
  return byRole;
}

function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function valueOf(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

module.exports = { run };
