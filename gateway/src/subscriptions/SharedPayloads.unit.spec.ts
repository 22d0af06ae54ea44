import { MessageType, stringifyMessage } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { SharedPayloads } from './SharedPayloads';

/** A stand-in socket that records what would go on the wire. */
function fakeSocket() {
  const sent: string[] = [];
  const socket = { send: (data: string) => sent.push(data) } as unknown as WebSocket;
  return { socket, sent };
}

/** What graphql-ws does for a `next`: stringify the message with the payload onNext returned, then send. */
const emitNext = (socket: WebSocket, id: string, payload: Record<string, unknown>) =>
  socket.send(stringifyMessage({ id, type: MessageType.Next, payload } as never));

describe('SharedPayloads', () => {
  it('sends the full message, serialising one result once for every socket', () => {
    const payloads = new SharedPayloads();
    const [a, b] = [fakeSocket(), fakeSocket()];
    payloads.attach(a.socket);
    payloads.attach(b.socket);
    let serialised = 0;
    const result = { data: { event: { id: 'e1', text: 'Hello "world" \uE000' } }, toJSON() { serialised += 1; return { data: this.data }; } };

    emitNext(a.socket, '1', payloads.payloadFor(a.socket, result));
    emitNext(b.socket, 'sub-7', payloads.payloadFor(b.socket, result));

    expect(a.sent.map((m) => JSON.parse(m))).toEqual([{ id: '1', type: 'next', payload: { data: result.data } }]);
    expect(b.sent.map((m) => JSON.parse(m))).toEqual([{ id: 'sub-7', type: 'next', payload: { data: result.data } }]);
    expect(serialised).toBe(1);
  });

  it('keeps interleaved messages of one socket apart', () => {
    const payloads = new SharedPayloads();
    const { socket, sent } = fakeSocket();
    payloads.attach(socket);
    const first = payloads.payloadFor(socket, { data: { n: 1 } });
    const second = payloads.payloadFor(socket, { data: { n: 2 } });
    emitNext(socket, 'b', second);
    emitNext(socket, 'a', first);
    expect(sent.map((m) => JSON.parse(m))).toEqual([
      { id: 'b', type: 'next', payload: { data: { n: 2 } } },
      { id: 'a', type: 'next', payload: { data: { n: 1 } } },
    ]);
  });

  it('cannot be steered by an id that imitates the marker', () => {
    const payloads = new SharedPayloads();
    const { socket, sent } = fakeSocket();
    payloads.attach(socket);
    const hostileId = '"payload":{"\uE000":1}}';
    payloads.payloadFor(socket, { data: { secret: 'not for this message' } });
    emitNext(socket, hostileId, { data: { plain: true } });
    expect(JSON.parse(sent[0])).toEqual({ id: hostileId, type: 'next', payload: { data: { plain: true } } });
  });

  it('leaves other messages and unattached sockets alone', () => {
    const payloads = new SharedPayloads();
    const { socket, sent } = fakeSocket();
    payloads.attach(socket);
    socket.send('{"type":"pong"}');
    expect(sent).toEqual(['{"type":"pong"}']);
    const result = { data: { x: 1 } };
    expect(payloads.payloadFor({}, result)).toBe(result);
  });
});
