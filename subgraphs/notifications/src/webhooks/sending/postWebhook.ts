import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from '../urls/resolveWebhookTarget';

export interface WebhookPost {
  target: WebhookTarget;
  headers: Record<string, string>;
  body: string;
  /** The whole exchange: connecting, sending, the answer's head and what is read of its body. */
  timeoutMs: number;
  /** What is read of the answer's body before the connection is cut (the status is what counts). */
  maxResponseBytes: number;
}

/** How one POST went: a status code when the receiver answered, else the error. */
export interface WebhookAnswer {
  statusCode?: number;
  latencyMs: number;
  /** Why it failed: the network error, or for a non-2xx answer `HTTP <status>` and the start of its body. */
  error?: string;
  delivered: boolean;
}

const ERROR_BODY_CHARS = 200;

/**
 * POSTs one delivery and never throws. It connects only to the target's checked addresses (the
 * host is not resolved again: a rebinding DNS answer cannot redirect it), follows no redirect
 * (a 3xx is a failure), uses no connection pool, reads at most `maxResponseBytes` of the
 * answer and gives up after `timeoutMs`. Delivered means a 2xx status.
 */
export function postWebhook(post: WebhookPost): Promise<WebhookAnswer> {
  const started = performance.now();
  const { url, addresses } = post.target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<WebhookAnswer, 'latencyMs' | 'delivered'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      const delivered = answer.statusCode !== undefined && answer.statusCode >= 200 && answer.statusCode < 300;
      resolve({ ...answer, delivered, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(addresses),
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
    });
    const timer = setTimeout(() => finish({ error: `timed out after ${post.timeoutMs} ms` }), post.timeoutMs);
    request.on('error', (error) => finish({ error: error.message }));
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      const ok = statusCode >= 200 && statusCode < 300;
      let head = Buffer.alloc(0);
      let read = 0;
      const done = () => finish(ok ? { statusCode } : { statusCode, error: failureOf(statusCode, head) });
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (head.length < ERROR_BODY_CHARS * 4) head = Buffer.concat([head, chunk]).subarray(0, ERROR_BODY_CHARS * 4);
        if (read >= post.maxResponseBytes) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(post.body);
  });
}

/** A lookup that answers with the addresses already checked, as one or all as asked. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

/** `HTTP 500: <first characters of the body>`, printable characters only (it is stored and shown to operators). */
function failureOf(statusCode: number, body: Buffer): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const text = body.toString('utf8').slice(0, ERROR_BODY_CHARS).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text ? `HTTP ${statusCode}: ${text}` : `HTTP ${statusCode}`;
}
