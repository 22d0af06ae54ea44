import { careGraphForTest, type CareGraphForTest } from '@caregraph/testing';
import { expectMetricsEverywhere } from './expectMetricsEverywhere';

describe('metrics in services mode', () => {
  let running: CareGraphForTest;

  beforeAll(async () => {
    running = await careGraphForTest('metrics');
  }, 120000);
  afterAll(() => running?.close(), 60000);

  it('every process serves /metrics on its internal port, as npm start gives them', async () => {
    await running.signUp('Metra');
    await expectMetricsEverywhere(running.caregraph);
  });
});
