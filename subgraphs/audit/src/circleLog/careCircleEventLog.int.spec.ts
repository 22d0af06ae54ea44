import { randomUUID } from 'node:crypto';
import { createCloudEvent, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { errorOf, startAuditHarness, type AuditHarness } from '../__tests__/auditHarness';
import { appendToAuditLog } from '../store/appendToAuditLog';
import { decodeCircleLogCursor } from './circleLogCursor';

const EVENT_LOG = `query ($careCircleId: ID!, $first: Int, $after: String) {
  careCircleEventLog(careCircleId: $careCircleId, first: $first, after: $after) {
    edges { cursor node { id type occurredAt careCircleId subject actor { id } actorId data sequence cursor } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  id: string;
  type: string;
  occurredAt: string;
  careCircleId: string;
  subject: string | null;
  actor: { id: string } | null;
  actorId: string | null;
  data: Record<string, unknown>;
  sequence: number;
  cursor: string;
}
interface Page {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('careCircleEventLog over HTTP', () => {
  let harness: AuditHarness;
  const circle = randomUUID();
  const otherCircle = randomUUID();
  const medicationId = randomUUID();
  let owner: { id: string; token: string };
  let caregiver: { id: string; token: string };
  let events: CloudEvent[];

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));

  beforeAll(async () => {
    harness = await startAuditHarness('audit_circle_log');
    owner = await harness.member(circle, 'OWNER');
    caregiver = await harness.member(circle, 'CAREGIVER');
    await harness.member(otherCircle, 'OWNER');
    const common = { careCircleId: circle, aggregateType: 'Medication', subject: medicationId };
    // Event times deliberately run backwards: the log is in append order, not event time.
    events = [];
    events.push(await harness.append({ ...common, type: 'medication.added', causedBy: owner.id, time: at(50), data: { medicationId } }));
    await harness.append({ careCircleId: otherCircle, type: 'medication.logged', aggregateType: 'Medication', subject: medicationId });
    events.push(await harness.append({ ...common, type: 'medication.logged', causedBy: caregiver.id, time: at(40), data: { status: 'GIVEN' } }));
    await harness.append({ type: 'user.created', source: '/caregraph/identity', subject: randomUUID() });
    events.push(await harness.append({ careCircleId: circle, type: 'medication.due', aggregateType: 'Medication', time: at(30), data: {} }));
    events.push(await harness.append({ ...common, type: 'medication.refill_needed', causedBy: caregiver.id, time: at(20), data: { left: 2 } }));
    await harness.append({ careCircleId: otherCircle, type: 'medication.due', aggregateType: 'Medication' });
    events.push(await harness.append({ ...common, type: 'medication.logged', causedBy: owner.id, time: at(10), data: { status: 'SKIPPED' } }));
  });
  afterAll(() => harness?.close());

  const eventLog = async (variables: Record<string, unknown>, token = owner.token) =>
    harness.gql<{ careCircleEventLog: Page }>(EVENT_LOG, { careCircleId: circle, ...variables }, token);
  const page = async (variables: Record<string, unknown>, token = owner.token): Promise<Page> => {
    const response = await eventLog(variables, token);
    expect(response.errors).toBeUndefined();
    return response.data!.careCircleEventLog;
  };

  it.each(['OWNER', 'CAREGIVER', 'FAMILY', 'VIEWER'] as const)("shows a %s the circle's events, oldest first, numbered 1, 2, 3…", async (role) => {
    const member = role === 'OWNER' ? owner : await harness.member(circle, role);
    const { edges, pageInfo } = await page({}, member.token);

    expect(edges.map((edge) => edge.node.id)).toEqual(events.map((event) => event.id));
    expect(edges.map((edge) => edge.node.sequence)).toEqual([1, 2, 3, 4, 5]);
    for (const edge of edges) {
      expect(edge.cursor).toBe(edge.node.cursor);
      expect(decodeCircleLogCursor(edge.cursor)).toBe(edge.node.sequence);
    }
    expect(pageInfo).toEqual({ hasNextPage: false, endCursor: edges[4].cursor });
  });

  it('gives every field of an event, and null actor, actorId and subject for a system event', async () => {
    const { edges } = await page({});
    expect(edges[1].node).toEqual({
      id: events[1].id,
      type: 'medication.logged',
      occurredAt: '2026-11-22T10:40:00.000Z',
      careCircleId: circle,
      subject: medicationId,
      actor: { id: caregiver.id },
      actorId: caregiver.id,
      data: { status: 'GIVEN' },
      sequence: 2,
      cursor: edges[1].cursor,
    });
    expect(edges[2].node).toEqual({
      id: events[2].id,
      type: 'medication.due',
      occurredAt: '2026-11-22T10:30:00.000Z',
      careCircleId: circle,
      subject: null,
      actor: null,
      actorId: null,
      data: {},
      sequence: 3,
      cursor: edges[2].cursor,
    });
  });

  it('accepts the circle id in upper case', async () => {
    const { edges } = await page({ careCircleId: circle.toUpperCase() });
    expect(edges.map((edge) => edge.node.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(edges.map((edge) => edge.node.careCircleId))).toEqual(new Set([circle]));
  });

  it('pages with first/after, without gaps or repeats', async () => {
    const pages: Page[] = [];
    let after: string | null = null;
    for (let index = 0; index < 5; index++) {
      const current: Page = await page({ first: 2, after });
      pages.push(current);
      expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)!.cursor);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(pages.map((current) => current.edges.map((edge) => edge.node.sequence))).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages.map((current) => current.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.flatMap((current) => current.edges.map((edge) => edge.node.id))).toEqual(events.map((event) => event.id));
  });

  it("resumes after any event's cursor", async () => {
    const { edges } = await page({});
    const rest = await page({ after: edges[2].cursor });
    expect(rest.edges.map((edge) => edge.node.id)).toEqual([events[3].id, events[4].id]);
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: edges[4].cursor });
  });

  it('returns an empty page with endCursor = after past the end, and a null endCursor for a circle without events', async () => {
    const { pageInfo } = await page({});
    expect(await page({ after: pageInfo.endCursor })).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: pageInfo.endCursor } });

    const quiet = randomUUID();
    const member = await harness.member(quiet, 'VIEWER');
    expect(await page({ careCircleId: quiet }, member.token)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('picks up, from the last endCursor, events stored after the last read', async () => {
    const tail = randomUUID();
    const member = await harness.member(tail, 'FAMILY');
    const first = await harness.append({ careCircleId: tail, type: 'timeline.entry.created', aggregateType: 'TimelineEntry', subject: randomUUID() });
    const before = await page({ careCircleId: tail }, member.token);
    expect(before.edges.map((edge) => [edge.node.id, edge.node.sequence])).toEqual([[first.id, 1]]);

    const empty = await page({ careCircleId: tail, after: before.pageInfo.endCursor }, member.token);
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: before.pageInfo.endCursor } });

    const second = await harness.append({ careCircleId: tail, type: 'timeline.entry.created', aggregateType: 'TimelineEntry', subject: randomUUID() });
    const third = await harness.append({ careCircleId: tail, type: 'timeline.entry.created', aggregateType: 'TimelineEntry', subject: randomUUID() });
    const after = await page({ careCircleId: tail, after: empty.pageInfo.endCursor }, member.token);
    expect(after.edges.map((edge) => [edge.node.id, edge.node.sequence])).toEqual([
      [second.id, 2],
      [third.id, 3],
    ]);
  });

  it('serves 50 events by default and at most 500 a page', async () => {
    const big = randomUUID();
    const member = await harness.member(big, 'CAREGIVER');
    await (harness.orm.em.fork() as EntityManager).transactional(async (em) => {
      for (let index = 0; index < 501; index++) {
        const event = createCloudEvent({ type: 'shift.note.added', source: '/caregraph/care', careCircleId: big, data: { index } }) as CloudEvent;
        expect(await appendToAuditLog(em, event)).toStrictEqual({ appended: true, sequence: index + 1 });
      }
    });

    const byDefault = await page({ careCircleId: big }, member.token);
    expect(byDefault.edges.map((edge) => edge.node.sequence)).toEqual(range(1, 50));
    expect(byDefault.pageInfo.hasNextPage).toBe(true);

    const capped = await page({ careCircleId: big, first: 1000 }, member.token);
    expect(capped.edges.map((edge) => edge.node.sequence)).toEqual(range(1, 500));
    expect(capped.edges.map((edge) => edge.node.data)).toEqual(range(0, 499).map((index) => ({ index })));
    expect(capped.pageInfo).toEqual({ hasNextPage: true, endCursor: capped.edges[499].cursor });

    const last = await page({ careCircleId: big, first: 500, after: capped.pageInfo.endCursor }, member.token);
    expect(last.edges.map((edge) => edge.node.sequence)).toEqual([501]);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: last.edges[0].cursor });
  });

  it('forbids outsiders and members of another circle, and rejects anonymous callers', async () => {
    const outsider = await harness.outsider();
    const forbidden = await eventLog({}, outsider.token);
    expect(errorOf(forbidden).code).toBe('FORBIDDEN');
    expect(forbidden.data ?? null).toBeNull();

    const otherOwner = await harness.member(otherCircle, 'OWNER');
    expect(errorOf(await eventLog({}, otherOwner.token)).code).toBe('FORBIDDEN');

    const anonymous = await harness.gql(EVENT_LOG, { careCircleId: circle });
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();
  });

  it("shows another circle's members only their own circle's log", async () => {
    const otherOwner = await harness.member(otherCircle, 'OWNER');
    const { edges } = await page({ careCircleId: otherCircle }, otherOwner.token);
    expect(edges.map((edge) => [edge.node.type, edge.node.sequence, edge.node.careCircleId])).toEqual([
      ['medication.logged', 1, otherCircle],
      ['medication.due', 2, otherCircle],
    ]);
  });

  const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  it.each([
    ['a garbage cursor', { after: 'garbage!!' }, 'after'],
    ['a cursor of auditLog', { after: base64url('audit:3') }, 'after'],
    ['a negative sequence', { after: base64url('log:-1') }, 'after'],
    ['a fractional sequence', { after: base64url('log:1.5') }, 'after'],
    ['a malformed circle id', { careCircleId: 'circle-1' }, 'careCircleId'],
    ['a page size of 0', { first: 0 }, 'first'],
    ['a negative page size', { first: -3 }, 'first'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_name, variables, field) => {
    const response = await eventLog(variables);
    expect(errorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(response.data ?? null).toBeNull();
  });
});
