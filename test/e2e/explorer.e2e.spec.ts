import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { careGraphForTest, eventually, graphqlAt, launchOfflineChromium, type CareGraphForTest, type OfflineChromium } from '@caregraph/testing';
import { activeSubscriptions } from './gatewayMetrics';

/**
 * The gateway's offline explorer as an app developer meets it: CareGraph started with the README's
 * command, Debian's Chromium with no way off this machine, GraphiQL at /graphiql. The token goes in
 * the headers editor; a query answers over HTTP, a careCircleEvents subscription over graphql-ws
 * (the same headers in connection_init) shows an event that a mutation over HTTP causes.
 * The last screenshot is written to EXPLORER_SCREENSHOT or a temporary folder (docs/explorer.png is one).
 */
describe('the offline explorer in a real browser', () => {
  let running: CareGraphForTest;
  let chromium: OfflineChromium;
  let token: string;
  let circleId: string;
  const gatewayUrl = () => running.caregraph.gatewayUrl;
  const gateway = graphqlAt(gatewayUrl);

  beforeAll(async () => {
    chromium = await launchOfflineChromium();
    running = await careGraphForTest('explorer', { NODE_ENV: 'development', GATEWAY_EXPLORER: 'graphiql' });
    token = (await running.signUp('Erin')).token;
    const { createCareCircle } = await gateway.gql('mutation($i: CreateCareCircleInput!) { createCareCircle(input: $i) { id } }', { i: { name: 'Offline Circle' } }, token);
    circleId = createCareCircle.id;
  }, 180000);

  afterAll(async () => {
    await chromium?.close();
    await running?.close();
  }, 60000);

  it('runs a query and a subscription whose event, caused over HTTP, appears in the page, reaching no other host', async () => {
    const page = await chromium.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // CSP violations and failed loads show up here.
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    await page.goto(gatewayUrl().replace(/\/graphql$/, '/graphiql'));

    await replaceText(page, editorIn(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'), JSON.stringify({ Authorization: `Bearer ${token}` }));
    // Anonymous operations: GraphiQL takes the text from the editor at once but the operation name
    // from its store, 100 ms later, so a named operation typed and run at once would go out with
    // the previous one's name.
    await replaceText(page, editorIn(page, '.graphiql-query-editor'), 'query { me { displayName careCircles { id name } } }');
    await page.locator('.graphiql-execute-button').click();
    await eventually(async () => expect(await responseText(page)).toContain('"displayName": "Erin"'), 20000);
    expect(await responseText(page)).toContain(`"id": "${circleId}"`);

    // One type only: the pane shows the latest event, and addCareRecipient also adds a timeline entry.
    await replaceText(page, editorIn(page, '.graphiql-query-editor'), `subscription { careCircleEvents(careCircleId: "${circleId}", types: ["care_recipient.created"]) { type occurredAt actor { displayName } data } }`);
    await page.getByRole('button', { name: /Prettify query/ }).click();
    await page.locator('.graphiql-execute-button').click();
    // Live once the gateway holds the stream; only then is the event sure to reach it.
    await eventually(async () => expect(await activeSubscriptions(running.caregraph.gatewayMetricsUrl)).toBe(1), 20000);
    await gateway.gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: circleId, name: 'Grandpa Joe' } }, token);
    await eventually(async () => {
      const text = await responseText(page);
      expect(text).toContain('"type": "care_recipient.created"');
      expect(text).toContain('"name": "Grandpa Joe"');
      expect(text).toContain('"displayName": "Erin"');
    }, 20000);

    // Both editors scrolled back to their first column, for the picture.
    for (const container of ['.graphiql-editor-tool .graphiql-editor:not(.hidden)', '.graphiql-query-editor']) {
      await editorIn(page, container).locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
    }
    const folder = process.env.EXPLORER_SCREENSHOT ? undefined : await mkdtemp(join(tmpdir(), 'explorer-'));
    await page.screenshot({ path: process.env.EXPLORER_SCREENSHOT ?? join(folder!, 'explorer.png') });
    expect(pageErrors).toEqual([]);
    expect(chromium.foreign).toEqual([]);
  });

  it('stops and records a request to another host: the fence the test above relies on', async () => {
    const page = await chromium.context.newPage();
    const before = chromium.foreign.length;
    await expect(page.goto('http://example.com/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    expect(chromium.foreign.slice(before)).toEqual(['http://example.com/']);
  });
});

function editorIn(page: Page, container: string): Locator {
  return page.locator(`${container} .monaco-editor`).first();
}

/** Clicks into a Monaco editor, selects everything and types the text in one go (as a paste, so no auto-closed brackets). */
async function replaceText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** The result pane as a person reads it (Monaco renders spaces as no-break spaces). */
async function responseText(page: Page): Promise<string> {
  return (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
}
