// Socket.IO 4 peer server for the Courtside benchmark: the stack a team would pick instead.
//
// A publisher in this process sends updates at a set rate, round-robin over synthetic games.
// Each update is emitted as the event "update" to the room "game:<id>" and to the room
// "games", with a payload of about 180 bytes that carries a per-game "seq" and the publish
// time as "time" (ISO-8601 UTC with microseconds). Clients join a room by emitting
// "subscribe" with the room name.
//
// Admin endpoints, for loopback clients only:
//   GET  /admin/synthetic          rate, games and counters as JSON
//   POST /admin/synthetic?rate=N   sets the rate in updates per second
//   GET  /admin/memory             runs a full GC when started with --expose-gc, then
//                                  returns process.memoryUsage() as JSON
//
// Usage: node [--expose-gc] server.js --port N [--games N] [--rate N] [--recovery true]

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';

const MAX_RATE = 1_000_000;

/**
 * Parses `--name value` pairs.
 * @param {string[]} argv arguments after the script name
 * @returns {Map<string, string>} option values by name
 */
function parseOptions(argv) {
  const options = new Map();
  for (let i = 0; i + 1 < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) {
      throw new Error(`Invalid argument '${argv[i]}': expected --name value pairs`);
    }
    options.set(argv[i].slice(2), argv[i + 1]);
  }
  return options;
}

const options = parseOptions(process.argv.slice(2));
const port = Number(options.get('port') ?? '0');
const gameCount = Number(options.get('games') ?? '1');
const recovery = options.get('recovery') === 'true';
let rate = Number(options.get('rate') ?? '0');

if (!Number.isInteger(gameCount) || gameCount < 1 || gameCount > 10_000) {
  throw new Error(`Invalid --games '${options.get('games')}': expected 1 to 10000`);
}
if (!(rate >= 0 && rate <= MAX_RATE)) {
  throw new Error(`Invalid --rate '${options.get('rate')}': expected 0 to ${MAX_RATE}`);
}

/**
 * Returns the wall-clock time as ISO-8601 UTC text with microseconds.
 * @returns {string} such as 2026-12-04T16:35:55.722530Z
 */
function isoMicros() {
  const now = performance.timeOrigin + performance.now();
  const millis = Math.floor(now);
  const micros = Math.floor((now - millis) * 1000);
  const text = new Date(millis).toISOString();
  return `${text.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

const games = [];
for (let i = 1; i <= gameCount; i++) {
  games.push({ id: `syn-${String(i).padStart(4, '0')}`, seq: 0, home: 0, away: 0 });
}

let next = 0;
let published = 0;
let skipped = 0;

/** Emits the next update of the next game in turn. */
function publishNext() {
  const game = games[next];
  next = (next + 1) % games.length;
  game.seq += 1;
  const homeScores = game.seq % 2 === 1;
  if (homeScores) {
    game.home += 2;
  } else {
    game.away += 2;
  }
  const inPeriod = (game.seq - 1) % 100;
  const payload = {
    id: game.id,
    seq: game.seq,
    period: Math.floor((game.seq - 1) / 100) % 4 + 1,
    clock: Math.round((720 - inPeriod * 7.2) * 100) / 100,
    home: { score: game.home },
    away: { score: game.away },
    lastPlay: { action: game.seq, type: '2pt', description: 'Jump shot', time: isoMicros() },
  };
  io.to(`game:${game.id}`).to('games').emit('update', payload);
  published += 1;
}

let windowStart = performance.now();
let sentInWindow = 0;
let timer = null;

/** Publishes every update due at the rate, then waits for the next one. */
function tick() {
  timer = null;
  if (rate <= 0) {
    return;
  }
  const due = Math.floor(((performance.now() - windowStart) * rate) / 1000) + 1;
  // Never more than one second of updates in a burst: the rest is skipped and counted.
  const maxBehind = Math.max(1, Math.floor(rate));
  if (due - sentInWindow > maxBehind) {
    skipped += due - sentInWindow - maxBehind;
    sentInWindow = due - maxBehind;
  }
  while (sentInWindow < due) {
    publishNext();
    sentInWindow += 1;
  }
  const nextDue = windowStart + (sentInWindow * 1000) / rate;
  timer = setTimeout(tick, Math.max(0, nextDue - performance.now()));
}

/**
 * Sets the rate in updates per second and restarts the schedule from now.
 * @param {number} newRate updates per second, 0 pauses
 */
function setRate(newRate) {
  rate = newRate;
  windowStart = performance.now();
  sentInWindow = 0;
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  tick();
}

/**
 * Sends a JSON response.
 * @param {http.ServerResponse} response the response to end
 * @param {number} status HTTP status code
 * @param {object} body value to send as JSON
 */
function sendJson(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Serves the admin endpoints; Socket.IO handles /socket.io/ before this runs.
 * @param {http.IncomingMessage} request the request
 * @param {http.ServerResponse} response the response
 */
function handleAdmin(request, response) {
  const address = request.socket.remoteAddress ?? '';
  if (!(address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'))) {
    sendJson(response, 403, { error: { code: 'forbidden', message: 'loopback clients only' } });
    return;
  }
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/admin/synthetic') {
    if (request.method === 'POST') {
      const requested = Number(url.searchParams.get('rate'));
      if (url.searchParams.get('rate') === null || !(requested >= 0 && requested <= MAX_RATE)) {
        sendJson(response, 400, {
          error: {
            code: 'invalid-rate',
            message: `Invalid rate '${url.searchParams.get('rate')}': expected 0 to ${MAX_RATE}`,
          },
        });
        return;
      }
      setRate(requested);
    }
    sendJson(response, 200, { rate, games: games.length, published, skipped, failed: 0 });
    return;
  }
  if (url.pathname === '/admin/memory') {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
    }
    sendJson(response, 200, { ...process.memoryUsage(), gc: typeof globalThis.gc === 'function' });
    return;
  }
  sendJson(response, 404, { error: { code: 'not-found', message: `No route ${url.pathname}` } });
}

const httpServer = http.createServer(handleAdmin);
const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  connectionStateRecovery: recovery
    ? { maxDisconnectionDuration: 60_000, skipMiddlewares: true }
    : undefined,
});

io.on('connection', (socket) => {
  socket.on('subscribe', (room) => {
    if (typeof room === 'string' && room.length <= 100) {
      socket.join(room);
    }
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`socketio peer listening address=http://127.0.0.1:${httpServer.address().port}/`
    + ` games=${games.length} rate=${rate} recovery=${recovery}`);
  setRate(rate);
});

/** Stops on SIGTERM or SIGINT after closing every connection. */
function stop() {
  if (timer !== null) {
    clearTimeout(timer);
  }
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
