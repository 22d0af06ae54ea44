import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@caregraph/shared';
import { errorOf, startAuditHarness, type AuditHarness } from '../__tests__/auditHarness';

const AUDIT_LOG = `query ($filter: AuditFilter!, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id type source subject aggregateType careCircleId actor { id } correlationId occurredAt data } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Edge = { cursor: string; node: { id: string; type: string } };

describe('auditLog over HTTP', () => {
  let harness: AuditHarness;
  const circle = randomUUID();
  const otherCircle = randomUUID();
  const medicationId = randomUUID();
  const alertId = randomUUID();
  let owner: { id: string; token: string };
  let events: CloudEvent[];

  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute));

  beforeAll(async () => {
    harness = await startAuditHarness('audit_log');
    owner = await harness.member(circle, 'OWNER');
    await harness.member(otherCircle, 'OWNER');
    const common = { careCircleId: circle, causedBy: owner.id, correlationId: 'req-7' };
    events = [];
    events.push(await harness.append({ ...common, type: 'medication.added', aggregateType: 'Medication', subject: medicationId, time: at(0), data: { medicationId } }));
    events.push(await harness.append({ ...common, type: 'medication.logged', aggregateType: 'Medication', subject: medicationId, time: at(10), data: { status: 'GIVEN' } }));
    events.push(await harness.append({ ...common, type: 'emergency.alert.created', aggregateType: 'EmergencyAlert', subject: alertId, time: at(20), data: { alertId } }));
    events.push(await harness.append({ ...common, type: 'medication.refill_needed', aggregateType: 'Medication', subject: medicationId, time: at(30), data: {} }));
    events.push(await harness.append({ ...common, type: 'emergency.alert.resolved', aggregateType: 'EmergencyAlert', subject: alertId, time: at(40), data: {} }));
    // Another circle's events, with the same aggregate id and types: never visible here.
    await harness.append({ careCircleId: otherCircle, type: 'medication.logged', aggregateType: 'Medication', subject: medicationId, time: at(15) });
    await harness.append({ careCircleId: otherCircle, type: 'emergency.alert.created', aggregateType: 'EmergencyAlert', subject: alertId, time: at(25) });
  });
  afterAll(() => harness?.close());

  const log = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}, token = owner.token) =>
    harness.gql(AUDIT_LOG, { filter: { careCircleId: circle, ...filter }, ...extra }, token);
  const types = async (filter: Record<string, unknown>) => {
    const response = await log(filter);
    expect(response.errors).toBeUndefined();
    return response.data!.auditLog.edges.map((edge: Edge) => edge.node.type);
  };

  it("shows an OWNER the circle's entries, newest first, with every field", async () => {
    const response = await log({});
    expect(response.errors).toBeUndefined();
    const { edges, pageInfo } = response.data!.auditLog;
    expect(edges.map((edge: Edge) => edge.node.id)).toEqual(events.map((event) => event.id).reverse());
    expect(pageInfo).toEqual({ hasNextPage: false, endCursor: edges[4].cursor });
    expect(edges[3].node).toEqual({
      id: events[1].id,
      type: 'medication.logged',
      source: '/caregraph/care',
      subject: medicationId,
      aggregateType: 'Medication',
      careCircleId: circle,
      actor: { id: owner.id },
      correlationId: 'req-7',
      occurredAt: '2026-11-22T10:10:00.000Z',
      data: { status: 'GIVEN' },
    });
  });

  it('gives a null actor for an event nobody caused', async () => {
    const system = await harness.append({ careCircleId: circle, type: 'medication.due', aggregateType: 'Medication', subject: randomUUID(), time: at(50) });
    const response = await log({ types: ['medication.due'] });
    expect(response.data!.auditLog.edges).toEqual([expect.objectContaining({ node: expect.objectContaining({ id: system.id, actor: null, correlationId: null }) })]);
  });

  it('filters by aggregate, exact types, patterns and time', async () => {
    expect(await types({ aggregateId: alertId })).toEqual(['emergency.alert.resolved', 'emergency.alert.created']);
    expect(await types({ aggregateId: alertId.toUpperCase() })).toEqual(['emergency.alert.resolved', 'emergency.alert.created']);
    expect(await types({ types: ['medication.logged', 'emergency.alert.created'] })).toEqual(['emergency.alert.created', 'medication.logged']);
    expect(await types({ types: ['medication.*'], until: at(45) })).toEqual(['medication.refill_needed', 'medication.logged', 'medication.added']);
    expect(await types({ types: ['emergency.*'] })).toEqual([]);
    expect(await types({ types: ['emergency.#'] })).toEqual(['emergency.alert.resolved', 'emergency.alert.created']);
    expect(await types({ types: ['*.alert.*', 'medication.added'] })).toEqual(['emergency.alert.resolved', 'emergency.alert.created', 'medication.added']);
    expect(await types({ types: [], since: at(10), until: at(30) })).toEqual(['emergency.alert.created', 'medication.logged']);
    expect(await types({ aggregateId: medicationId, types: ['medication.#'], since: at(5), until: at(45) })).toEqual(['medication.refill_needed', 'medication.logged']);
  });

  it('pages with opaque cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response = await log({ until: at(45) }, { first: 2, after });
      expect(response.errors).toBeUndefined();
      const { edges, pageInfo } = response.data!.auditLog;
      seen.push(...edges.map((edge: Edge) => edge.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(events.map((event) => event.id).reverse());
    expect(Buffer.from(after!, 'base64url').toString()).not.toContain(events[0].id);
  });

  it.each([
    ['since after until', { since: '2026-11-22T11:00:00Z', until: '2026-11-22T10:00:00Z' }, {}, 'since'],
    ['a malformed circle id', { careCircleId: 'circle-1' }, {}, 'careCircleId'],
    ['a malformed type pattern', { types: ['medication.*.LOGGED'] }, {}, 'types'],
    ['a blank aggregate id', { aggregateId: '  ' }, {}, 'aggregateId'],
    ['a forged cursor', {}, { after: 'bm9wZQ' }, 'after'],
    ['a page size of 0', {}, { first: 0 }, 'first'],
  ])('rejects %s with BAD_USER_INPUT', async (_name, filter, extra, field) => {
    expect(errorOf(await log(filter, extra))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it.each(['CAREGIVER', 'FAMILY', 'VIEWER'] as const)('forbids a %s of the circle', async (role) => {
    const member = await harness.member(circle, role);
    const response = await log({}, {}, member.token);
    expect(errorOf(response).code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
  });

  it('forbids outsiders, and the OWNER of another circle, and rejects anonymous callers', async () => {
    const outsider = await harness.outsider();
    expect(errorOf(await log({}, {}, outsider.token)).code).toBe('FORBIDDEN');
    const otherOwner = await harness.member(otherCircle, 'OWNER');
    expect(errorOf(await log({}, {}, otherOwner.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(AUDIT_LOG, { filter: { careCircleId: circle } })).code).toBe('UNAUTHENTICATED');
  });

  it("never shows another circle's entries", async () => {
    const response = await log({ aggregateId: medicationId });
    const ids = response.data!.auditLog.edges.map((edge: Edge) => edge.node.id);
    expect(ids).toEqual([events[3].id, events[1].id, events[0].id]);
    const otherOwner = await harness.member(otherCircle, 'OWNER');
    const other = await harness.gql(AUDIT_LOG, { filter: { careCircleId: otherCircle } }, otherOwner.token);
    expect(other.data!.auditLog.edges.map((edge: Edge) => edge.node.type)).toEqual(['emergency.alert.created', 'medication.logged']);
  });
});
