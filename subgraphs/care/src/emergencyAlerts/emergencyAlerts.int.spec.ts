import { randomUUID } from 'node:crypto';
import { countRows, errorOf, outboxEvents, RAISE_ALERT, RESOLVE_ALERT, seedRecipient, startCareHarness, withFailingOutbox, type CareHarness } from '../__tests__/careHarness';

const ALERTS = `query ($id: ID!, $status: AlertStatus) { careRecipient(id: $id) { emergencyAlerts(status: $status) { id status message } } }`;

describe('emergency alerts', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let caregiver: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };
  let careRecipientId: string;

  beforeAll(async () => {
    harness = await startCareHarness('carealert');
    owner = await harness.member(circle, 'OWNER');
    caregiver = await harness.member(circle, 'CAREGIVER');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
    careRecipientId = await seedRecipient(harness, circle, owner.token);
  });
  afterAll(() => harness?.close());

  const raise = (message: string, token = caregiver.token, recipientId = careRecipientId) =>
    harness.gql(RAISE_ALERT, { input: { careRecipientId: recipientId, message } }, token);

  it('raises an OPEN alert and records emergency.alert.created', async () => {
    const result = await raise(' Fell in the kitchen ');
    expect(result.errors).toBeUndefined();
    const alert = result.data!.raiseEmergencyAlert;
    expect(alert).toMatchObject({ message: 'Fell in the kitchen', status: 'OPEN', raisedBy: { id: caregiver.id }, resolvedBy: null, resolvedAt: null, careRecipient: { id: careRecipientId } });
    const [event] = await outboxEvents(harness, 'emergency.alert.created', alert.id);
    expect(event).toMatchObject({
      source: '/caregraph/care',
      aggregatetype: 'EmergencyAlert',
      carecircleid: circle,
      causedby: caregiver.id,
      data: { alertId: alert.id, careRecipientId, careCircleId: circle, message: 'Fell in the kitchen', status: 'OPEN', raisedBy: caregiver.id, raisedAt: alert.raisedAt },
    });
  });

  it('resolves an alert once; resolving again is ILLEGAL_STATE', async () => {
    const { id } = (await raise('Chest pain')).data!.raiseEmergencyAlert;
    const resolved = await harness.gql(RESOLVE_ALERT, { id }, owner.token);
    expect(resolved.errors).toBeUndefined();
    const alert = resolved.data!.resolveEmergencyAlert;
    expect(alert).toMatchObject({ id, status: 'RESOLVED', resolvedBy: { id: owner.id }, raisedBy: { id: caregiver.id } });
    const [event] = await outboxEvents(harness, 'emergency.alert.resolved', id);
    expect(event).toMatchObject({
      causedby: owner.id,
      carecircleid: circle,
      data: { alertId: id, careRecipientId, careCircleId: circle, message: 'Chest pain', status: 'RESOLVED', raisedBy: caregiver.id, resolvedBy: owner.id, resolvedAt: alert.resolvedAt },
    });
    expect(errorOf(await harness.gql(RESOLVE_ALERT, { id }, caregiver.token)).code).toBe('ILLEGAL_STATE');
    expect(await outboxEvents(harness, 'emergency.alert.resolved', id)).toHaveLength(1);
  });

  it('lists a recipient’s alerts newest first, optionally by status', async () => {
    const recipient = await seedRecipient(harness, circle, owner.token, 'Uncle Ben');
    const ids: string[] = [];
    for (const message of ['first', 'second', 'third']) ids.push((await raise(message, caregiver.token, recipient)).data!.raiseEmergencyAlert.id);
    await harness.gql(RESOLVE_ALERT, { id: ids[1] }, caregiver.token);
    const all = await harness.gql(ALERTS, { id: recipient }, viewer.token);
    expect(all.data!.careRecipient.emergencyAlerts.map((a: { message: string }) => a.message)).toEqual(['third', 'second', 'first']);
    const open = await harness.gql(ALERTS, { id: recipient, status: 'OPEN' }, viewer.token);
    expect(open.data!.careRecipient.emergencyAlerts.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[0]]);
    const resolved = await harness.gql(ALERTS, { id: recipient, status: 'RESOLVED' }, viewer.token);
    expect(resolved.data!.careRecipient.emergencyAlerts).toEqual([{ id: ids[1], status: 'RESOLVED', message: 'second' }]);
  });

  it('lets only writers raise and resolve, and only members read', async () => {
    const { id } = (await raise('Wandered off')).data!.raiseEmergencyAlert;
    expect(errorOf(await raise('x', viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await raise('x', outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(RAISE_ALERT, { input: { careRecipientId, message: 'x' } })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(RESOLVE_ALERT, { id }, viewer.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(RESOLVE_ALERT, { id }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(RESOLVE_ALERT, { id })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(RESOLVE_ALERT, { id: randomUUID() }, owner.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await raise('   '))).toEqual({ code: 'BAD_USER_INPUT', field: 'message' });

    const entities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on EmergencyAlert { id status raisedBy { id } } } }`;
    const representations = [{ __typename: 'EmergencyAlert', id }];
    expect((await harness.gql(entities, { r: representations }, viewer.token)).data!._entities).toEqual([{ id, status: 'OPEN', raisedBy: { id: caregiver.id } }]);
    expect(errorOf(await harness.gql(entities, { r: representations }, outsider.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await harness.gql(entities, { r: representations })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(ALERTS, { id: careRecipientId }, outsider.token)).code).toBe('FORBIDDEN');
  });

  it('leaves the alert open and records nothing when the resolved event cannot be written', async () => {
    const { id } = (await raise('Smoke alarm')).data!.raiseEmergencyAlert;
    const before = await countRows(harness, 'emergency_alert');
    await withFailingOutbox(harness, 'emergency.alert.resolved', async () => {
      expect(errorOf(await harness.gql(RESOLVE_ALERT, { id }, owner.token)).code).toBe('INTERNAL_SERVER_ERROR');
    });
    expect(await countRows(harness, 'emergency_alert')).toEqual(before);
    const { rows } = await harness.db.query('select status, resolved_by_id, resolved_at from care.emergency_alert where id = $1', [id]);
    expect(rows).toEqual([{ status: 'OPEN', resolved_by_id: null, resolved_at: null }]);
  });
});
