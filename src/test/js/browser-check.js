// Drives headless Chromium over the DevTools protocol against a running
// server (the Java server or fake-server.js) and checks the pages through
// their data-role hooks. It is a manual check, not part of node --test.
//
// Usage: node --experimental-websocket src/test/js/browser-check.js \
//          [http://127.0.0.1:8099] [--drop] [--expect ws|sse]
//          [--screenshots DIR]
// --drop posts to /test/drop, which only fake-server.js provides, to check
// the reconnect path. Node 22 and later need no flag for WebSocket.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `node --test` without arguments runs every .js file under a folder named
// test, so this script does nothing when the test runner starts it.
const startedByTestRunner = process.env.NODE_TEST_CONTEXT !== undefined;

const args = process.argv.slice(2);
const baseUrl = args.find((arg) => arg.startsWith('http')) ?? 'http://127.0.0.1:8099';
const checkDrop = args.includes('--drop');
// With --expect sse the default connection must end on SSE, as when the
// server refuses WebSocket upgrades (fake-server.js --no-ws).
const expectedDefault = args.includes('--expect')
  ? args[args.indexOf('--expect') + 1]
  : 'ws';
const screenshotDir = args.includes('--screenshots')
  ? args[args.indexOf('--screenshots') + 1]
  : null;

const results = [];

function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

/* Browser and DevTools session ----------------------------------------- */

function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'courtside-chromium-'));
  const browser = spawn('/usr/bin/chromium', [
    '--headless=new', '--no-sandbox', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`,
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0',
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = new Promise((resolve, reject) => {
    let output = '';
    browser.stderr.on('data', (chunk) => {
      output += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    browser.on('exit', (code) => reject(new Error(`chromium exited with ${code}`)));
  });
  return { browser, endpoint };
}

function openSession(endpoint) {
  const socket = new WebSocket(endpoint);
  const pending = new Map();
  let nextId = 1;
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const waiter = pending.get(message.id);
    if (waiter) {
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    }
  };
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  return new Promise((resolve) => {
    socket.onopen = () => resolve({ send, close: () => socket.close() });
  });
}

async function openPage(session) {
  const { targetId } = await session.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await session.send('Target.attachToTarget', {
    targetId, flatten: true,
  });
  const send = (method, params) => session.send(method, params, sessionId);
  await send('Page.enable');
  await send('Runtime.enable');

  async function evaluate(expression) {
    const { result, exceptionDetails } = await send('Runtime.evaluate', {
      expression, returnByValue: true, awaitPromise: true,
    });
    if (exceptionDetails) {
      throw new Error(`${expression}: ${exceptionDetails.exception?.description}`);
    }
    return result.value;
  }

  async function waitFor(expression, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await evaluate(expression).catch(() => undefined);
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }

  async function navigate(path, width = 1200, height = 900) {
    await send('Emulation.setDeviceMetricsOverride', {
      width, height, deviceScaleFactor: 1, mobile: width < 500,
    });
    await send('Page.navigate', { url: new URL(path, baseUrl).href });
    await waitFor('document.readyState === "complete"');
  }

  async function screenshot(name) {
    if (!screenshotDir) return;
    const { data } = await send('Page.captureScreenshot', { format: 'png' });
    writeFileSync(join(screenshotDir, `${name}.png`), Buffer.from(data, 'base64'));
  }

  return { evaluate, waitFor, navigate, screenshot };
}

/* Checks ----------------------------------------------------------------- */

const connectionState =
  'document.querySelector(\'[data-role="connection"]\').dataset.state';

async function checkScoreboard(page, query, transportLabel) {
  await page.navigate(`/${query}`);
  const live = await page.waitFor(`${connectionState} === "live"`);
  record(`scoreboard live ${query || 'default'}`, Boolean(live));
  const title = await page.evaluate(
    'document.querySelector(\'[data-role="connection"]\').title',
  );
  record(`transport ${transportLabel}`, title.includes(transportLabel), title);

  const groups = await page.evaluate(`[...document.querySelectorAll(
    'section[data-group]:not([hidden])')].map((s) => s.dataset.group).join(',')`);
  record('groups in order', groups === 'live,upcoming,final', groups);

  const hooks = await page.evaluate(`(() => {
    const card = document.querySelector('[data-game-id]');
    return ['home-score', 'away-score', 'status', 'period', 'clock']
      .every((role) => card.querySelector('[data-role="' + role + '"]'));
  })()`);
  record('card hooks present', hooks);

  const clock = await page.evaluate(`document.querySelector(
    '[data-game-id="g1"] [data-role="clock"]')?.textContent ?? ''`);
  record('clock is M:SS', /^\d+:\d\d(\.\d)?$/.test(clock), clock);

  const stale = await page.evaluate(`document.querySelector(
    '[data-game-id="g3"] [data-role="stale"]')?.hidden === false`);
  record('stale marker shown', stale);
}

async function readScore(page) {
  return page.evaluate(`['away-score', 'home-score'].map((role) =>
    document.querySelector('[data-game-id="g1"] [data-role="' + role + '"]')
      .textContent).join('-')`);
}

async function checkScoreMoves(page, label) {
  const before = await readScore(page);
  const changed = await page.waitFor(`(${JSON.stringify(before)} !== ['away-score',
    'home-score'].map((role) => document.querySelector(
    '[data-game-id="g1"] [data-role="' + role + '"]').textContent).join('-'))`,
  15000);
  record(`score changes ${label}`, Boolean(changed), before);
}

// Chromium retries a GET whose reused connection was reset before any
// response, so a dropped long poll may never reach the page's script.
async function checkDropAndResume(page, { expectInterruption = true } = {}) {
  await fetch(new URL('/test/drop', baseUrl), { method: 'POST' });
  if (expectInterruption) {
    const lost = await page.waitFor(
      `["reconnecting", "connecting"].includes(${connectionState})`, 5000);
    record('drop shows reconnecting', Boolean(lost));
  }
  const back = await page.waitFor(`${connectionState} === "live"`, 20000);
  record('live again after drop', Boolean(back));
}

async function checkGamePage(page) {
  await page.navigate('/games/g1');
  await page.waitFor(`${connectionState} === "live"`);
  const livePlays = await page.waitFor(
    'document.querySelectorAll(\'[data-role="play"]\').length >= 20');
  record('game page shows live plays', Boolean(livePlays));
  const periods = await page.evaluate(
    'document.querySelector(\'[data-role="line-score"] thead tr\').cells.length');
  record('line score has columns', periods >= 6, String(periods));

  for (let i = 0; i < 4; i += 1) {
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  const rows = await page.evaluate(`[...document.querySelectorAll(
    '[data-role="play"]')].map((row) => row.dataset.action)`);
  record('history loaded on scroll', rows.length > 60, String(rows.length));
  record('no duplicate plays', new Set(rows).size === rows.length);
  const sorted = rows.every((action, i) => i === 0 || Number(rows[i - 1]) > Number(action));
  record('plays newest first', sorted);
}

async function main() {
  const { browser, endpoint } = launchChromium();
  let session;
  try {
    session = await openSession(await endpoint);
    const page = await openPage(session);

    const labels = { ws: 'WebSocket', sse: 'Server-Sent Events' };
    await checkScoreboard(page, '', labels[expectedDefault]);
    await page.screenshot('scoreboard-1200');
    await checkScoreMoves(page, 'over WebSocket');
    if (checkDrop) {
      await checkDropAndResume(page);
      await checkScoreMoves(page, 'after WebSocket drop');
    }

    await checkScoreboard(page, '?transport=sse', 'Server-Sent Events');
    await checkScoreMoves(page, 'over SSE');
    if (checkDrop) {
      await checkDropAndResume(page);
      await checkScoreMoves(page, 'after SSE drop');
    }

    await checkScoreboard(page, '?transport=poll', 'long polling');
    await checkScoreMoves(page, 'over long polling');
    if (checkDrop) {
      await checkDropAndResume(page, { expectInterruption: false });
      await checkScoreMoves(page, 'after poll drop');
    }

    await page.navigate('/', 375, 800);
    await page.waitFor(`${connectionState} === "live"`);
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth > document.documentElement.clientWidth');
    record('no sideways scroll at 375 px', !overflow);
    await page.screenshot('scoreboard-375');

    await checkGamePage(page);
    await page.screenshot('game-1200');
    await page.navigate('/games/g1', 375, 800);
    await page.waitFor(`${connectionState} === "live"`);
    const gameOverflow = await page.evaluate(
      'document.documentElement.scrollWidth > document.documentElement.clientWidth');
    record('game page fits 375 px', !gameOverflow);
    await page.screenshot('game-375');
  } finally {
    session?.close();
    browser.kill();
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (!startedByTestRunner) {
  main().catch((error) => {
    console.error(`browser check failed: ${error.message}`);
    process.exitCode = 1;
  });
}
