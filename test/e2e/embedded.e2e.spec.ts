import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { webhookHeaders } from '@caregraph/shared';
import {
  AddCareRecipientDocument,
  AddMedicationDocument,
  CareCircleEventsDocument,
  CreateCareCircleDocument,
  MeDocument,
  RegisterPartnerDocument,
  SignUpDocument,
  createCareGraphClient,
  type CareCircleEventsSubscription,
  type CareGraphClient,
} from '../../sdk/src';
import { eventually, freePort, startCareGraph, type RunningCareGraph } from '@caregraph/testing';
import { expectMetricsEverywhere } from './expectMetricsEverywhere';
import { activeSubscriptions } from './gatewayMetrics';

/**
 * Smoke test of embedded mode: `npm start` with no DATABASE_URL, RABBITMQ_URL or REDIS_URL runs
 * everything in one process on an embedded Postgres, the in-process broker and pub/sub.
 */
describe('embedded mode', () => {
  let caregraph: RunningCareGraph;
  let dataDir: string;
  const clients: CareGraphClient[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-embedded-'));
    fs.chmodSync(dataDir, 0o777);
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.RABBITMQ_URL;
    delete env.REDIS_URL;
    caregraph = await startCareGraph({ ...env, EMBEDDED_PG_DIR: path.join(dataDir, 'pg'), EMBEDDED_PG_PORT: String(await freePort()) });
  }, 120000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await caregraph?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60000);

  it('says which mode it runs in and streams a live event end to end', async () => {
    expect(caregraph.output()).toContain('running in embedded mode');
    const anonymous = createCareGraphClient({ url: caregraph.gatewayUrl });
    clients.push(anonymous);
    const { signUp } = await anonymous.request(SignUpDocument, {
      input: { email: 'owner@example.com', password: 'correct horse battery', displayName: 'Olive' },
    });
    const owner = createCareGraphClient({ url: caregraph.gatewayUrl, token: signUp.token, webSocketImpl: WebSocket });
    clients.push(owner);
    expect((await owner.request(MeDocument)).me?.displayName).toBe('Olive');

    const { createCareCircle: circle } = await owner.request(CreateCareCircleDocument, { input: { name: 'Grandpa' } });
    const events: CareCircleEventsSubscription[] = [];
    owner.subscribe(CareCircleEventsDocument, { careCircleId: circle.id }, (data) => events.push(data));
    await eventually(async () => expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(1));

    const { addCareRecipient } = await owner.request(AddCareRecipientDocument, { input: { careCircleId: circle.id, name: 'Grandpa' } });
    await eventually(() =>
      expect(events.map((e) => e.careCircleEvents)).toContainEqual(
        expect.objectContaining({ type: 'care_recipient.created', subject: addCareRecipient.id, actor: { id: signUp.user.id, displayName: 'Olive' } }),
      ),
    );
  });

  it('serves every process\'s /metrics on its own internal port, in one process', async () => {
    await expectMetricsEverywhere(caregraph); // after the first test's sign-up
  });

  it("takes a partner's signed event in at the gateway's /ingest/events and streams it on careCircleEvents", async () => {
    const anonymous = createCareGraphClient({ url: caregraph.gatewayUrl });
    clients.push(anonymous);
    const { signUp } = await anonymous.request(SignUpDocument, { input: { email: 'partner-owner@example.com', password: 'correct horse battery', displayName: 'Paula' } });
    const owner = createCareGraphClient({ url: caregraph.gatewayUrl, token: signUp.token, webSocketImpl: WebSocket });
    clients.push(owner);
    const { createCareCircle: circle } = await owner.request(CreateCareCircleDocument, { input: { name: 'Nan' } });
    const { addCareRecipient } = await owner.request(AddCareRecipientDocument, { input: { careCircleId: circle.id, name: 'Nan' } });
    const { addMedication } = await owner.request(AddMedicationDocument, {
      input: { careRecipientId: addCareRecipient.id, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['08:00'], supplyRemaining: 10, refillThreshold: 2 },
    });
    const { registerPartner } = await owner.request(RegisterPartnerDocument, { input: { careCircleId: circle.id, name: 'Corner Pharmacy', eventTypes: ['pharmacy.refill_ready'] } });
    const events: CareCircleEventsSubscription[] = [];
    const activeBefore = await activeSubscriptions(caregraph.gatewayMetricsUrl);
    owner.subscribe(CareCircleEventsDocument, { careCircleId: circle.id, types: ['partner.pharmacy.*'] }, (data) => events.push(data));
    await eventually(async () => expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(activeBefore + 1));

    const body = JSON.stringify({ id: 'refill-1', type: 'pharmacy.refill_ready', data: { careRecipientId: addCareRecipient.id, medicationId: addMedication.id, pickupLocation: 'Counter 1' } });
    const response = await fetch(caregraph.gatewayUrl.replace(/\/graphql$/, '/ingest/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-partner': registerPartner.partner.id, ...webhookHeaders(registerPartner.secret, body) },
      body,
    });
    expect(response.status).toBe(202);
    await eventually(() =>
      expect(events.map((e) => e.careCircleEvents)).toContainEqual(
        expect.objectContaining({ type: 'partner.pharmacy.refill_ready', actor: null, data: expect.objectContaining({ partnerEventId: 'refill-1', pickupLocation: 'Counter 1' }) }),
      ),
    );
  });
});
