import fs from 'node:fs';
import path from 'node:path';
import { topicMatches, type ConsumerDefinition } from '@caregraph/shared';
import { billingCommandConsumer, type PaymentProcessor } from '@caregraph/billing';
import { careCommandConsumer } from '@caregraph/care';
import { circleEventTypes, isPrivateEventType, NotificationChannel, notificationsConsumer, webhookDeliveryConsumer } from '@caregraph/notifications';
import { bookingSagaConsumer } from '@caregraph/sagas';

const root = path.resolve(__dirname, '../..');
const DOC = 'docs/architecture.md';
/** An event or command type as createCloudEvent accepts it (shared/src/events/CloudEvent.ts). */
const TYPE = '[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+';
const isType = (text: string) => new RegExp(`^${TYPE}$`).test(text);
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Every subgraph's source files, tests left out. */
function subgraphSources(): { file: string; text: string }[] {
  const srcs = fs.readdirSync(path.join(root, 'subgraphs')).map((name) => path.join('subgraphs', name, 'src'));
  return srcs
    .filter((src) => fs.existsSync(path.join(root, src)))
    .flatMap((src) => fs.readdirSync(path.join(root, src), { recursive: true, encoding: 'utf8' }).map((file) => path.join(src, file)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.includes('__tests__'))
    .map((file) => ({ file, text: read(file) }));
}

const matchesOf = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]);

/**
 * The types the subgraphs record, read from the ways the code names them: `type: '…'` literals
 * (recordEvent's input, the saga's commands), the `…Events = { … } as const` catalogues, the
 * command consumers' `<owner>.<reply>` and care's `appointment.<status>`. Any other type built
 * from a template fails, so a new way of naming events has to be taught here.
 */
function recordedTypes(): Set<string> {
  const types = new Set<string>();
  const sources = subgraphSources();
  for (const { file, text } of sources) {
    for (const type of matchesOf(text, /\btype:\s*'([^']+)'/g)) if (isType(type)) types.add(type);
    for (const body of matchesOf(text, /export const \w+Events\s*=\s*\{([\s\S]*?)\}\s*as const/g)) {
      for (const type of matchesOf(body, new RegExp(`'(${TYPE})'`, 'g'))) types.add(type);
    }
    for (const template of matchesOf(text, /`([a-z_]+\.\$\{[^`]*)`/g)) {
      if (!(file.endsWith('changeAppointmentStatus.ts') && template === 'appointment.${to.toLowerCase()}')) {
        throw new Error(`${file} builds an event type from the template \`${template}\`: teach eventCatalogue.unit.spec.ts its values.`);
      }
      const statuses = matchesOf(text, /\bchange\([^)]*?AppointmentStatus\.(\w+)/g);
      expect(statuses.length).toBeGreaterThan(0);
      for (const status of statuses) types.add(`appointment.${status.toLowerCase()}`);
    }
  }
  const replies = matchesOf(read('shared/src/commands/commandConsumer.ts'), /\breply\('(\w+)'/g);
  expect(replies.length).toBeGreaterThan(0);
  for (const { text } of sources) {
    for (const owner of matchesOf(text, /commandConsumer\(\{\s*owner:\s*'(\w+)'/g)) for (const reply of replies) types.add(`${owner}.${reply}`);
  }
  return types;
}

/** The commands: the saga's messages of kind `command`, and what a domain records to itself on `commands` (`type: '…', exchange: 'commands'`). */
function commandTypes(): Set<string> {
  return new Set(
    subgraphSources().flatMap(({ text }) => [
      ...matchesOf(text, new RegExp(`kind: 'command', type: '(${TYPE})'`, 'g')),
      ...matchesOf(text, new RegExp(`type: '(${TYPE})',\\s*exchange: 'commands'`, 'g')),
    ]),
  );
}

interface CatalogueRow {
  type: string;
  exchange: string;
  consumers: string;
}

/** The rows of the tables under `## Event catalogue`. */
function catalogue(): CatalogueRow[] {
  const doc = read(DOC);
  const start = doc.indexOf('\n## Event catalogue\n');
  expect(start).toBeGreaterThan(-1);
  const end = doc.indexOf('\n## ', start + 1);
  const rows: CatalogueRow[] = [];
  for (const line of doc.slice(start, end === -1 ? undefined : end).split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const type = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (line.startsWith('|') && type) rows.push({ type, exchange: cells[3].split(' ')[0], consumers: cells[4] });
  }
  return rows;
}

/**
 * The consumers of `domain.events` and `commands` besides audit (which the fanout feeds everything)
 * and the webhook fan-out (every type of the circle log; checked below), as the doc names them.
 */
function consumerDefinitions(): [name: RegExp, definition: ConsumerDefinition][] {
  const em = {} as never;
  const adapters = Object.values(NotificationChannel).map((channel) => ({ channel, send: async () => undefined }));
  return [
    [/\bnotifications\b/, notificationsConsumer({ em, adapters })],
    [/\bbooking saga\b/, bookingSagaConsumer({ em })],
    [/\bcare command consumer\b/, careCommandConsumer({ em })],
    [/\bbilling command consumer\b/, billingCommandConsumer({ em, paymentProcessor: {} as PaymentProcessor })],
    [/\bwebhook delivery consumer\b/, webhookDeliveryConsumer({ em, attempts: em, settings: { development: true, timeoutMs: 1, retryDelaysMs: [], maxResponseBytes: 1 } })],
  ];
}

describe(`the event catalogue in ${DOC}`, () => {
  const rows = catalogue();
  const documented = rows.map((row) => row.type);

  it('lists every type the subgraphs record, and only those, once each', () => {
    const recorded = recordedTypes();
    expect([...recorded].filter((type) => !documented.includes(type)).sort()).toEqual([]);
    expect(documented.filter((type) => !recorded.has(type)).sort()).toEqual([]);
    expect(documented.filter((type, index) => documented.indexOf(type) !== index)).toEqual([]);
  });

  it('names the exchange of each: the saga\'s commands on `commands`, everything else on `domain.events`', () => {
    const commands = commandTypes();
    expect(commands.size).toBeGreaterThan(0);
    const wrong = rows.filter((row) => row.exchange !== (commands.has(row.type) ? 'commands' : 'domain.events'));
    expect(wrong.map((row) => `${row.type}: ${row.exchange}`)).toEqual([]);
  });

  it('names exactly the consumers whose bindings take each type', () => {
    const definitions = consumerDefinitions();
    const mismatches = rows.flatMap((row) =>
      definitions
        .filter(([name, definition]) => {
          const exchange = definition.exchange ?? 'domain.events';
          const bound = exchange === row.exchange && (definition.bindings ?? []).some((pattern) => topicMatches(pattern, row.type));
          return bound !== name.test(row.consumers);
        })
        .map(([, definition]) => `${row.type}: ${definition.name}`),
    );
    expect(mismatches).toEqual([]);
  });

  it("offers webhooks exactly the circle log's types: every type on domain.events but identity's users and each recipient's notifications", () => {
    const circleLog = rows.filter((row) => row.exchange === 'domain.events' && !isPrivateEventType(row.type)).map((row) => row.type);
    expect([...circleEventTypes].sort()).toEqual(circleLog.sort());
  });

  it('links only to files inside the repository that exist', () => {
    const links = matchesOf(read(DOC), /\]\(([^)#]*)(?:#[^)]*)?\)/g).filter(Boolean);
    const outside = links.filter((link) => /^[a-z]+:/i.test(link) || !path.resolve(root, 'docs', link).startsWith(`${root}${path.sep}`));
    const missing = links.filter((link) => !outside.includes(link) && !fs.existsSync(path.resolve(root, 'docs', link)));
    expect({ outside, missing }).toEqual({ outside: [], missing: [] });
  });
});
