// Tests of the browser client module. Run with: node --test src/test/js/
// NOTE: the web folder has no package.json, so Node loads its modules as ES
// modules only through syntax detection (Node 20.19+ or 22.7+).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, test } from 'node:test';

import {
  applyMergePatch,
  backoffDelayMs,
  classifyMessage,
  connect,
  decodePositions,
  encodePositions,
} from '../../main/resources/web/client/courtside.js';

describe('applyMergePatch', () => {
  // The examples of RFC 7386, appendix A: original, patch, result.
  const rfcCases = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  for (const [index, [original, patch, expected]] of rfcCases.entries()) {
    test(`RFC 7386 example ${index + 1}`, () => {
      assert.deepEqual(applyMergePatch(original, patch), expected);
    });
  }

  test('leaves the target unchanged', () => {
    const target = { game: { score: 1, team: { name: 'A' } } };
    applyMergePatch(target, { game: { score: 2 } });
    assert.deepEqual(target, { game: { score: 1, team: { name: 'A' } } });
  });

  test('shares unchanged subtrees', () => {
    const home = { score: 50 };
    const away = { score: 41 };
    const result = applyMergePatch({ home, away }, { home: { score: 52 } });
    assert.equal(result.away, away);
    assert.notEqual(result.home, home);
  });

  test('keeps a __proto__ key as a member', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}');
    const result = applyMergePatch({}, patch);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.deepEqual(Object.keys(result), ['__proto__']);
    assert.equal({}.polluted, undefined);
  });
});

describe('positions', () => {
  const text = 'games|q7Hk2mR1|41,game:0022000001|Zp09aQ3c|12';
  const positions = [
    { channel: 'games', epoch: 'q7Hk2mR1', seq: 41 },
    { channel: 'game:0022000001', epoch: 'Zp09aQ3c', seq: 12 },
  ];

  test('encode joins channel|epoch|seq', () => {
    assert.equal(encodePositions(positions), text);
  });

  test('decode splits the text form', () => {
    assert.deepEqual(decodePositions(text), positions);
  });

  test('encode and decode round-trip', () => {
    assert.deepEqual(decodePositions(encodePositions(positions)), positions);
  });

  test('empty text means no positions', () => {
    assert.deepEqual(decodePositions(''), []);
    assert.equal(encodePositions([]), '');
  });

  test('decode rejects malformed entries', () => {
    const malformed = [
      'games|q7Hk2mR1',
      'games|q7Hk2mR1|-1',
      'games|q7Hk2mR1|4x',
      'games||41',
      'bad channel|q7|1',
      'games|a|1|2',
    ];
    for (const entry of malformed) {
      assert.throws(() => decodePositions(entry), SyntaxError, entry);
    }
  });

  test('encode rejects separators in the epoch', () => {
    const position = { channel: 'games', epoch: 'a|b', seq: 1 };
    assert.throws(() => encodePositions([position]), TypeError);
  });

  test('encode rejects a negative seq', () => {
    const position = { channel: 'games', epoch: 'q7', seq: -1 };
    assert.throws(() => encodePositions([position]), TypeError);
  });
});

describe('classifyMessage', () => {
  const position = { epoch: 'e1', seq: 10 };
  const delta = (epoch, seq) => ({ type: 'delta', epoch, seq });
  const snapshot = (epoch, seq) => ({ type: 'snapshot', epoch, seq });

  test('next delta is applied', () => {
    assert.equal(classifyMessage(position, delta('e1', 11)), 'apply');
  });

  test('repeated delta is ignored', () => {
    assert.equal(classifyMessage(position, delta('e1', 10)), 'ignore');
  });

  test('older delta is ignored', () => {
    assert.equal(classifyMessage(position, delta('e1', 3)), 'ignore');
  });

  test('delta past a gap is a gap', () => {
    assert.equal(classifyMessage(position, delta('e1', 12)), 'gap');
  });

  test('delta of another epoch is a gap', () => {
    assert.equal(classifyMessage(position, delta('e2', 11)), 'gap');
  });

  test('delta without position is a gap', () => {
    assert.equal(classifyMessage(null, delta('e1', 1)), 'gap');
  });

  test('snapshot past a gap is applied', () => {
    assert.equal(classifyMessage(position, snapshot('e1', 20)), 'apply');
  });

  test('snapshot of another epoch is applied', () => {
    assert.equal(classifyMessage(position, snapshot('e2', 1)), 'apply');
  });

  test('snapshot without position is applied', () => {
    assert.equal(classifyMessage(null, snapshot('e1', 5)), 'apply');
  });

  test('older snapshot is ignored', () => {
    assert.equal(classifyMessage(position, snapshot('e1', 9)), 'ignore');
  });
});

describe('backoffDelayMs', () => {
  test('first delay is 250 to 500 ms', () => {
    assert.equal(backoffDelayMs(0, {}, () => 0), 250);
    assert.equal(backoffDelayMs(0, {}, () => 0.999999), 500);
  });

  test('ceiling doubles per attempt', () => {
    assert.equal(backoffDelayMs(3, {}, () => 0.999999), 4000);
  });

  test('delay is capped at maxMs', () => {
    assert.equal(backoffDelayMs(30, {}, () => 0.999999), 15000);
    assert.equal(backoffDelayMs(30, { maxMs: 1000 }, () => 0), 500);
  });
});

// A WebSocket double that records sent frames and lets a test deliver
// events. Only the parts the client uses are present.
class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static instances = [];

  constructor(url) {
    this.url = String(url);
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    FakeWebSocket.instances.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = 3;
  }

  serverOpens() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({});
  }

  serverSends(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  serverCloses(code) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('client over a WebSocket double', () => {
  let client;

  beforeEach(() => {
    FakeWebSocket.instances = [];
    globalThis.WebSocket = FakeWebSocket;
  });

  afterEach(() => {
    client?.close();
    delete globalThis.WebSocket;
  });

  async function openClient(states) {
    client = connect({ url: 'http://127.0.0.1:9', transports: ['ws'] });
    client.subscribe('games', (state, info) => states.push({ state, info }));
    await tick();
    const socket = FakeWebSocket.instances.at(-1);
    socket.serverOpens();
    return socket;
  }

  test('subscribes on open without position', async () => {
    const socket = await openClient([]);
    assert.equal(socket.url, 'ws://127.0.0.1:9/ws');
    assert.deepEqual(socket.sent, [
      { type: 'subscribe', channels: [{ channel: 'games' }] },
    ]);
  });

  test('applies snapshot then delta', async () => {
    const states = [];
    const socket = await openClient(states);
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 1, type: 'snapshot',
      data: { g1: { home: { score: 1 } } },
    });
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 2, type: 'delta',
      data: { g1: { home: { score: 3 } } },
    });
    assert.equal(states.length, 2);
    assert.deepEqual(states[1].state, { g1: { home: { score: 3 } } });
    assert.deepEqual(client.getPosition('games'), { epoch: 'e1', seq: 2 });
  });

  test('gap resubscribes once from position', async () => {
    const states = [];
    const socket = await openClient(states);
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 5, type: 'snapshot', data: {},
    });
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 7, type: 'delta', data: { a: 1 },
    });
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 8, type: 'delta', data: { b: 1 },
    });
    assert.equal(states.length, 1);
    assert.deepEqual(client.getPosition('games'), { epoch: 'e1', seq: 5 });
    assert.deepEqual(socket.sent.slice(1), [
      {
        type: 'subscribe',
        channels: [{ channel: 'games', epoch: 'e1', seq: 5 }],
      },
    ]);
  });

  test('reconnect resumes from position', async () => {
    const events = [];
    const socket = await openClient([]);
    client.on('reconnecting', (detail) => events.push(detail));
    socket.serverSends({
      channel: 'games', epoch: 'e1', seq: 4, type: 'snapshot', data: {},
    });
    socket.serverSends({ type: 'reconnect', reason: 'shutdown', delayMs: 5 });
    assert.equal(events.length, 1);
    assert.equal(events[0].delayMs, 5);
    assert.equal(typeof events[0].at, 'number');

    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = FakeWebSocket.instances.at(-1);
    assert.notEqual(next, socket);
    next.serverOpens();
    assert.deepEqual(next.sent, [
      {
        type: 'subscribe',
        channels: [{ channel: 'games', epoch: 'e1', seq: 4 }],
      },
    ]);
  });

  test('server error becomes an error event', async () => {
    const errors = [];
    const socket = await openClient([]);
    client.on('error', (detail) => errors.push(detail));
    socket.serverSends({
      type: 'error', code: 'unknown-channel', message: 'no such', retry: false,
    });
    assert.deepEqual(errors, [
      { code: 'unknown-channel', message: 'no such', retry: false },
    ]);
  });

  test('close before open falls back', async () => {
    const connecting = [];
    client = connect({ url: 'http://127.0.0.1:9', transports: ['ws', 'ws'] });
    client.on('connecting', (detail) => connecting.push(detail));
    client.subscribe('games', () => {});
    await tick();
    FakeWebSocket.instances[0].serverCloses(1006);
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(client.connectionState, 'connecting');
  });

  test('drop after open backs off', async () => {
    const events = [];
    const socket = await openClient([]);
    client.on('reconnecting', (detail) => events.push(detail));
    socket.serverCloses(1006);
    assert.equal(client.connectionState, 'reconnecting');
    assert.ok(events[0].delayMs >= 250, `delay ${events[0].delayMs}`);
    assert.ok(events[0].delayMs <= 500, `delay ${events[0].delayMs}`);
  });
});

describe('client over long polling', () => {
  let server;
  let client;
  const requests = [];
  const responses = [];

  beforeEach(async () => {
    requests.length = 0;
    server = createServer((request, response) => {
      const url = new URL(request.url, 'http://127.0.0.1');
      requests.push(url.searchParams);
      const body = responses.shift();
      if (body === undefined) {
        // Held like a long poll with nothing new, until the client closes.
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    client?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function waitForRequests(count) {
    for (let i = 0; i < 100 && requests.length < count; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(requests.length, count);
  }

  test('next poll asks from own position after gap', async () => {
    responses.push({
      messages: [
        { channel: 'games', epoch: 'e1', seq: 1, type: 'snapshot', data: {} },
        { channel: 'games', epoch: 'e1', seq: 3, type: 'delta', data: { a: 1 } },
      ],
      after: 'games|e1|3',
    });
    const { port } = server.address();
    client = connect({ url: `http://127.0.0.1:${port}`, transports: ['poll'] });
    const states = [];
    client.subscribe('games', (state) => states.push(state));

    await waitForRequests(2);
    assert.equal(requests[0].get('channel'), 'games');
    assert.equal(requests[0].get('after'), null);
    assert.equal(requests[1].get('after'), 'games|e1|1');
    assert.deepEqual(states, [{}]);
    assert.equal(client.connectionState, 'live');
    assert.equal(client.transport, 'poll');
  });
});
