// A stand-in for the Courtside server, for trying the web pages in a
// browser before the Java server runs. It serves src/main/resources/web,
// simulates three games and speaks the wire protocol over WebSocket, SSE
// and long polling, with replay from a position.
//
// Usage: node src/test/js/fake-server.js [--port 8099] [--no-ws] [--no-sse]
// It listens on 127.0.0.1 only. POST /test/drop closes every push
// connection, so a browser shows its reconnect path.
//
// Limitation: the WebSocket code handles only unfragmented frames, which
// is what browsers send for the client's small messages.

import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  applyMergePatch,
  decodePositions,
  encodePositions,
} from '../../main/resources/web/client/courtside.js';

// `node --test` without arguments runs every .js file under a folder named
// test, so this script does nothing when the test runner starts it.
const startedByTestRunner = process.env.NODE_TEST_CONTEXT !== undefined;

const WEB_ROOT = fileURLToPath(
  new URL('../../main/resources/web/', import.meta.url),
);
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const LIVE_PLAYS_KEPT = 20;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1]) || 8099;
const wsEnabled = !args.includes('--no-ws');
const sseEnabled = !args.includes('--no-sse');

/* Channels and journal ------------------------------------------------- */

const epoch = randomBytes(6).toString('base64url');
const channels = new Map();
const listeners = new Set();

function channel(name) {
  if (!channels.has(name)) {
    channels.set(name, { state: {}, journal: [], seq: 0 });
  }
  return channels.get(name);
}

function publish(name, patch) {
  const entry = channel(name);
  entry.state = applyMergePatch(entry.state, patch);
  entry.seq += 1;
  const message = { channel: name, epoch, seq: entry.seq, type: 'delta', data: patch };
  entry.journal.push(message);
  for (const listener of listeners) {
    listener(message);
  }
}

function snapshotOf(name, resync) {
  const entry = channel(name);
  const message = {
    channel: name, epoch, seq: entry.seq, type: 'snapshot', data: entry.state,
  };
  return resync ? { ...message, resync: true } : message;
}

/** Returns the messages after a position, or a snapshot when it cannot. */
function replay(name, position) {
  const entry = channel(name);
  if (!position || position.epoch !== epoch) {
    return [snapshotOf(name, Boolean(position))];
  }
  return entry.journal.filter((message) => message.seq > position.seq);
}

/* Simulated games ------------------------------------------------------ */

function team(id, name, short, location) {
  return { id, name, short, location, score: 0, periods: [] };
}

const now = Date.now();
const games = {
  g1: {
    id: 'g1', league: 'nba', start: new Date(now - 3600e3).toISOString(),
    status: 'live', period: 4, regulationPeriods: 4, clock: 95,
    home: { ...team('t1', 'Brooklyn Nets', 'BKN', 'Brooklyn'),
      score: 98, periods: [25, 24, 27, 22] },
    away: { ...team('t2', 'Golden State Warriors', 'GSW', 'Golden State'),
      score: 97, periods: [22, 28, 25, 22] },
  },
  g2: {
    id: 'g2', league: 'nba', start: new Date(now + 2 * 3600e3).toISOString(),
    status: 'scheduled', period: 0, regulationPeriods: 4,
    home: team('t3', 'Boston Celtics', 'BOS', 'Boston'),
    away: team('t4', 'Milwaukee Bucks', 'MIL', 'Milwaukee'),
  },
  g3: {
    id: 'g3', league: 'nba', start: new Date(now - 5 * 3600e3).toISOString(),
    status: 'final', period: 5, regulationPeriods: 4,
    home: { ...team('t5', 'Los Angeles Lakers', 'LAL', 'Los Angeles'),
      score: 121, periods: [30, 28, 27, 25, 11] },
    away: { ...team('t6', 'Denver Nuggets', 'DEN', 'Denver'),
      score: 117, periods: [27, 31, 26, 26, 7] },
    stale: true,
  },
};

// Plays 1..150 of g1; the latest 20 are in the channel state.
const history = [];
let nextAction = 1;

function addPlay(game, description, points, side) {
  const action = nextAction;
  nextAction += 1;
  const play = {
    action, order: action * 10000, period: game.period, clock: game.clock,
    team: game[side].id, type: points > 0 ? `${points}pt` : 'other',
    description, scoreHome: game.home.score, scoreAway: game.away.score,
    time: new Date().toISOString(),
  };
  history.push(play);
  return play;
}

for (let i = 0; i < 150; i += 1) {
  addPlay(games.g1, `Earlier play number ${i + 1}`, 0, i % 2 ? 'home' : 'away');
}
const initialPlays = Object.fromEntries(
  history.slice(-LIVE_PLAYS_KEPT).map((play) => [play.action, play]),
);
games.g1.lastPlay = history.at(-1);
publish('games', structuredClone(games));
publish('game:g1', { game: structuredClone(games.g1), plays: initialPlays });
for (const id of ['g2', 'g3']) {
  publish(`game:${id}`, { game: structuredClone(games[id]), plays: {} });
}

function tick() {
  const game = games.g1;
  game.clock = Math.max(0, game.clock - 7.3);
  const side = Math.random() < 0.5 ? 'home' : 'away';
  const points = Math.random() < 0.6 ? 2 : 0;
  game[side].score += points;
  game[side].periods[game.period - 1] += points;
  const name = game[side].short;
  const play = addPlay(game, `${name} ${points ? 'jump shot made' : 'misses'}`,
    points, side);
  game.lastPlay = play;

  const summary = {
    clock: game.clock, lastPlay: play,
    [side]: { score: game[side].score, periods: game[side].periods },
  };
  publish('games', { g1: summary });
  const trimmed = history.at(-1 - LIVE_PLAYS_KEPT);
  publish('game:g1', {
    game: summary,
    plays: { [play.action]: play, [trimmed.action]: null },
  });
  if (game.clock === 0) {
    game.clock = 720;
    game.period += 1;
    game.home.periods.push(0);
    game.away.periods.push(0);
    publish('games', { g1: { period: game.period, clock: 720 } });
    publish('game:g1', { game: { period: game.period, clock: 720,
      home: { periods: game.home.periods }, away: { periods: game.away.periods } } });
  }
}
if (!startedByTestRunner) {
  setInterval(tick, 1500).unref();
}

/* HTTP ----------------------------------------------------------------- */

const openResponses = new Set();
const openSockets = new Set();

async function serveStatic(response, path) {
  const file = normalize(join(WEB_ROOT, path));
  if (!file.startsWith(WEB_ROOT)) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(body);
  } catch {
    response.writeHead(404).end('not found');
  }
}

function sendJson(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function positionsFrom(text) {
  return new Map((text ? decodePositions(text) : []).map(
    (position) => [position.channel, position],
  ));
}

function servePlays(response, url) {
  const before = Number(url.searchParams.get('before') ?? Infinity);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const older = history.filter((play) => play.order < before).reverse();
  const page = older.slice(0, limit);
  const body = { plays: page };
  if (older.length > limit) {
    body.next = page.at(-1).order;
  }
  sendJson(response, 200, body);
}

function serveEvents(request, response, url) {
  const names = url.searchParams.getAll('channel');
  const last = request.headers['last-event-id'] ?? url.searchParams.get('last');
  const positions = positionsFrom(last);
  response.writeHead(200, {
    'content-type': 'text/event-stream', 'cache-control': 'no-store',
  });
  response.write('retry: 2000\n\n');
  const current = new Map(positions);
  const send = (message) => {
    current.set(message.channel, { channel: message.channel, epoch, seq: message.seq });
    const id = encodePositions(current.values());
    response.write(`id: ${id}\ndata: ${JSON.stringify(message)}\n\n`);
  };
  for (const name of names) {
    replay(name, positions.get(name)).forEach(send);
  }
  const listener = (message) => names.includes(message.channel) && send(message);
  listeners.add(listener);
  openResponses.add(response);
  request.on('close', () => {
    listeners.delete(listener);
    openResponses.delete(response);
  });
}

function servePoll(request, response, url) {
  const names = url.searchParams.getAll('channel');
  const positions = positionsFrom(url.searchParams.get('after'));
  const answer = (messages) => {
    const after = new Map(positions);
    for (const message of messages) {
      after.set(message.channel, { channel: message.channel, epoch, seq: message.seq });
    }
    sendJson(response, 200, { messages, after: encodePositions(after.values()) });
  };
  const waiting = names.flatMap((name) => replay(name, positions.get(name)));
  if (waiting.length > 0) {
    answer(waiting);
    return;
  }
  const listener = (message) => {
    if (names.includes(message.channel)) {
      cleanup();
      answer([message]);
    }
  };
  const timer = setTimeout(() => {
    cleanup();
    answer([]);
  }, 25000);
  const cleanup = () => {
    clearTimeout(timer);
    listeners.delete(listener);
    openResponses.delete(response);
  };
  listeners.add(listener);
  openResponses.add(response);
  request.on('close', cleanup);
}

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const path = url.pathname;
  if (request.method === 'POST' && path === '/test/drop') {
    for (const socket of openSockets) socket.destroy();
    for (const open of openResponses) open.destroy();
    sendJson(response, 200, { dropped: true });
  } else if (path === '/events' && sseEnabled) {
    serveEvents(request, response, url);
  } else if (path === '/poll') {
    servePoll(request, response, url);
  } else if (/^\/api\/games\/g1\/plays$/.test(path)) {
    servePlays(response, url);
  } else if (/^\/api\/games\/[^/]+\/plays$/.test(path)) {
    sendJson(response, 200, { plays: [] });
  } else if (/^\/games\/[^/]+$/.test(path)) {
    serveStatic(response, 'game.html');
  } else {
    serveStatic(response, path === '/' ? 'index.html' : path.slice(1));
  }
});

/* WebSocket ------------------------------------------------------------ */

function encodeFrame(text) {
  const payload = Buffer.from(text);
  let header;
  if (payload.length < 126) {
    header = Buffer.from([0x81, payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Returns [opcode, payload, rest] or null when the frame is incomplete. */
function decodeFrame(buffer) {
  if (buffer.length < 2) return null;
  const opcode = buffer[0] & 0x0f;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (buffer[1] & 0x80) !== 0;
  const mask = masked ? buffer.subarray(offset, offset + 4) : null;
  offset += masked ? 4 : 0;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (mask) {
    for (let i = 0; i < payload.length; i += 1) payload[i] ^= mask[i % 4];
  }
  return [opcode, payload, buffer.subarray(offset + length)];
}

server.on('upgrade', (request, socket) => {
  if (!wsEnabled || new URL(request.url, 'http://x').pathname !== '/ws') {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    return;
  }
  const accept = createHash('sha1')
    .update(request.headers['sec-websocket-key'] + WS_GUID)
    .digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n' +
    `Connection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  openSockets.add(socket);

  const subscribed = new Set();
  const send = (message) => socket.write(encodeFrame(JSON.stringify(message)));
  const listener = (message) => subscribed.has(message.channel) && send(message);
  listeners.add(listener);
  const heartbeat = setInterval(() => send({ type: 'heartbeat' }), 15000);

  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let frame = decodeFrame(pending); frame; frame = decodeFrame(pending)) {
      const [opcode, payload, rest] = frame;
      pending = rest;
      if (opcode === 0x8) {
        socket.end(Buffer.from([0x88, 0]));
        return;
      }
      if (opcode !== 0x1) continue;
      const request = JSON.parse(payload.toString());
      if (request.type === 'subscribe') {
        for (const { channel: name, ...position } of request.channels) {
          subscribed.add(name);
          const from = position.epoch ? { ...position } : null;
          replay(name, from).forEach(send);
        }
      } else if (request.type === 'unsubscribe') {
        request.channels.forEach((name) => subscribed.delete(name));
      } else if (request.type === 'ping') {
        send({ type: 'pong' });
      }
    }
  });
  socket.on('close', () => {
    clearInterval(heartbeat);
    listeners.delete(listener);
    openSockets.delete(socket);
  });
  socket.on('error', () => {});
});

if (!startedByTestRunner) {
  server.listen(port, '127.0.0.1', () => {
    console.log(`fake Courtside server listening on http://127.0.0.1:${port}/ ` +
      `ws=${wsEnabled} sse=${sseEnabled} epoch=${epoch}`);
  });
}
