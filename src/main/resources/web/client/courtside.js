/**
 * Courtside browser client. It subscribes to channels over WebSocket,
 * Server-Sent Events or long polling, keeps each channel's state from
 * snapshots and RFC 7386 merge patches, and resumes every channel from its
 * last position after a reconnect.
 *
 * The pure functions (applyMergePatch, encodePositions, decodePositions,
 * classifyMessage, backoffDelayMs) use no browser API, and the transports
 * touch WebSocket, EventSource, fetch and window only once a client
 * connects, so Node can import this module for tests.
 *
 * Debug logging is off by default. Turn it on with the `debug` option or
 * with `localStorage.courtsideDebug = 'client'` (a comma-separated list of
 * module names, or `*` for all).
 *
 * @module courtside
 */

/** Channel names allowed by the protocol: 1 to 100 characters. */
const CHANNEL_PATTERN = /^[A-Za-z0-9:_.-]{1,100}$/;

/** Epochs must not contain the separators of the position text. */
const EPOCH_PATTERN = /^[^|,]+$/;

const TRANSPORT_NAMES = ['ws', 'sse', 'poll'];

const CONTROL_TYPES = new Set(['heartbeat', 'pong', 'error', 'reconnect']);

/**
 * Default options of {@link connect}. Times are in milliseconds.
 *
 * @type {Readonly<{
 *   url: (string|undefined),
 *   transports: string[],
 *   backoffBaseMs: number,
 *   backoffMaxMs: number,
 *   heartbeatTimeoutMs: number,
 *   openTimeoutMs: number,
 *   pollTimeoutMs: number,
 *   maxAttempts: number,
 *   debug: boolean
 * }>}
 */
export const DEFAULT_OPTIONS = Object.freeze({
  // Server origin. Undefined means the page's own origin.
  url: undefined,
  // Transports to try, in order, when the previous one fails to open.
  transports: Object.freeze([...TRANSPORT_NAMES]),
  // The first retry waits 250-500 ms, and each later one doubles.
  backoffBaseMs: 500,
  backoffMaxMs: 15000,
  // The server sends a heartbeat every 15 s when otherwise idle.
  heartbeatTimeoutMs: 45000,
  // A transport that has not opened after this long counts as failed.
  openTimeoutMs: 10000,
  // The server keeps a long poll open for up to 25 s.
  pollTimeoutMs: 35000,
  // Failed attempts in a row before the client gives up and goes offline.
  maxAttempts: Infinity,
  debug: false,
});

/* ---------------------------------------------------------------------- */
/* Pure functions                                                          */
/* ---------------------------------------------------------------------- */

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Applies an RFC 7386 JSON Merge Patch and returns the result. The target
 * is not modified: changed objects are copied and unchanged subtrees are
 * shared, so a caller can compare subtrees by reference to find changes.
 *
 * A `null` member in the patch removes that member. A patch that is not an
 * object (an array, a string, a number or `null`) replaces the target.
 *
 * @param {*} target the current JSON value, or undefined when none
 * @param {*} patch the merge patch
 * @returns {*} the patched value
 */
export function applyMergePatch(target, patch) {
  if (!isPlainObject(patch)) {
    return patch;
  }
  const result = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = Object.hasOwn(result, key) ? result[key] : undefined;
    // defineProperty keeps a "__proto__" key a plain member.
    Object.defineProperty(result, key, {
      value: applyMergePatch(current, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/**
 * A channel position: the last epoch and seq a client applied.
 *
 * @typedef {{channel: string, epoch: string, seq: number}} Position
 */

/**
 * Encodes positions as the protocol's text form, `channel|epoch|seq`
 * joined by `,`, used for SSE `last=` and the long-poll `after=`.
 *
 * @param {Iterable<Position>} positions the positions to encode
 * @returns {string} the text, empty when there are no positions
 * @throws {TypeError} when a channel, epoch or seq is invalid
 */
export function encodePositions(positions) {
  const parts = [];
  for (const { channel, epoch, seq } of positions) {
    if (!CHANNEL_PATTERN.test(channel)) {
      throw new TypeError(`Invalid channel ${JSON.stringify(channel)}`);
    }
    if (typeof epoch !== 'string' || !EPOCH_PATTERN.test(epoch)) {
      throw new TypeError(
        `Invalid epoch ${JSON.stringify(epoch)} on channel ${channel}: ` +
          'expected a non-empty string without "|" or ","',
      );
    }
    if (!Number.isSafeInteger(seq) || seq < 0) {
      throw new TypeError(
        `Invalid seq ${seq} on channel ${channel}: ` +
          'expected an integer of 0 or more',
      );
    }
    parts.push(`${channel}|${epoch}|${seq}`);
  }
  return parts.join(',');
}

/**
 * Decodes the text form of positions, `channel|epoch|seq` joined by `,`.
 *
 * @param {string} text the encoded positions, or empty text for none
 * @returns {Position[]} the positions in text order
 * @throws {SyntaxError} naming the first entry that is not a valid position
 */
export function decodePositions(text) {
  if (text === '') {
    return [];
  }
  return text.split(',').map((entry) => {
    const fields = entry.split('|');
    const [channel, epoch, seqText] = fields;
    const valid =
      fields.length === 3 &&
      CHANNEL_PATTERN.test(channel) &&
      epoch !== '' &&
      /^\d+$/.test(seqText) &&
      Number.isSafeInteger(Number(seqText));
    if (!valid) {
      throw new SyntaxError(
        `Invalid position ${JSON.stringify(entry)}: ` +
          'expected channel|epoch|seq with seq an integer of 0 or more',
      );
    }
    return { channel, epoch, seq: Number(seqText) };
  });
}

/**
 * Decides what to do with a snapshot or delta given the channel's last
 * applied position.
 *
 * - `apply`: a snapshot that does not move seq backwards in the same
 *   epoch, or a delta whose seq is exactly one more in the same epoch.
 * - `ignore`: an old or repeated message (seq at or below the position in
 *   the same epoch), which would otherwise move seq backwards.
 * - `gap`: a delta that cannot be applied, because messages are missing,
 *   the epoch differs or the client has no state yet. The client then
 *   resubscribes with its last position, and the server replays or sends a
 *   snapshot.
 *
 * @param {{epoch: string, seq: number}|null|undefined} position the last
 *   applied position, or null when the channel has none
 * @param {{type: string, epoch: string, seq: number}} message the envelope
 * @returns {'apply'|'ignore'|'gap'} the action
 */
export function classifyMessage(position, message) {
  const sameEpoch = position != null && position.epoch === message.epoch;
  if (message.type === 'snapshot') {
    return sameEpoch && message.seq < position.seq ? 'ignore' : 'apply';
  }
  if (!sameEpoch) {
    return 'gap';
  }
  if (message.seq <= position.seq) {
    return 'ignore';
  }
  return message.seq === position.seq + 1 ? 'apply' : 'gap';
}

/**
 * Computes the wait before a reconnect attempt: exponential backoff with
 * "equal jitter". The ceiling is `baseMs * 2^attempt`, capped at `maxMs`,
 * and the delay is uniform between half the ceiling and the ceiling, so
 * clients spread out after a server restart but never retry at once.
 *
 * @param {number} attempt failed attempts before this one, from 0
 * @param {{baseMs?: number, maxMs?: number}} [limits] `baseMs` defaults to
 *   500 and `maxMs` to 15000
 * @param {() => number} [random=Math.random] a source of numbers in [0, 1)
 * @returns {number} the delay in whole milliseconds
 */
export function backoffDelayMs(attempt, limits = {}, random = Math.random) {
  const { baseMs = 500, maxMs = 15000 } = limits;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Checks the fields of a snapshot or delta envelope.
 *
 * @param {*} message a parsed message
 * @returns {string|null} what is invalid, or null when the envelope is valid
 */
export function validateEnvelope(message) {
  if (typeof message.channel !== 'string') {
    return 'missing channel';
  }
  if (typeof message.epoch !== 'string' || !EPOCH_PATTERN.test(message.epoch)) {
    return `invalid epoch ${JSON.stringify(message.epoch)}`;
  }
  if (!Number.isSafeInteger(message.seq) || message.seq < 0) {
    return `invalid seq ${JSON.stringify(message.seq)}`;
  }
  if (message.type === 'delta' && !isPlainObject(message.data)) {
    return 'delta data is not an object';
  }
  if (message.data === undefined) {
    return 'missing data';
  }
  return null;
}

/* ---------------------------------------------------------------------- */
/* Logging                                                                 */
/* ---------------------------------------------------------------------- */

function isDebugEnabled(option) {
  if (option) {
    return true;
  }
  let setting = '';
  try {
    setting = globalThis.localStorage?.getItem('courtsideDebug') ?? '';
  } catch {
    // Storage can be blocked by the browser's privacy settings.
    return false;
  }
  return setting
    .split(',')
    .map((name) => name.trim())
    .some((name) => name === 'client' || name === '*');
}

function createLogger(enabled) {
  if (!enabled) {
    return () => {};
  }
  return (...args) => console.debug('[courtside:client]', ...args);
}

/* ---------------------------------------------------------------------- */
/* Transports                                                              */
/*                                                                         */
/* Each transport is a function that takes a context and returns a handle */
/* {subscribe(names), unsubscribe(names), resync(names), close()}. It     */
/* reports through the context: open() once it carries messages,          */
/* interrupted() when the browser retries by itself, message(object) for  */
/* each parsed message, invalid(text) for unparsable text, and            */
/* closed({opened, reason}) once, when it stops for good.                 */
/* ---------------------------------------------------------------------- */

function endpointUrl(baseUrl, path) {
  return new URL(path, baseUrl);
}

function parseJson(text, context) {
  try {
    return JSON.parse(text);
  } catch {
    context.invalid(text);
    return undefined;
  }
}

function openWebSocket(context) {
  const url = endpointUrl(context.baseUrl, '/ws');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  let opened = false;
  let finished = false;
  let livenessTimer;
  const openTimer = setTimeout(
    () => finish('open timed out'),
    context.options.openTimeoutMs,
  );

  function send(message) {
    if (opened && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function subscribe(names) {
    const channels = names.map((name) => {
      const position = context.position(name);
      return position ? { channel: name, ...position } : { channel: name };
    });
    if (channels.length > 0) {
      send({ type: 'subscribe', channels });
    }
  }

  function resetLiveness() {
    clearTimeout(livenessTimer);
    livenessTimer = setTimeout(() => {
      const seconds = context.options.heartbeatTimeoutMs / 1000;
      finish(`no message for ${seconds} s`);
    }, context.options.heartbeatTimeoutMs);
  }

  function finish(reason) {
    if (finished) {
      return;
    }
    finished = true;
    clearTimeout(openTimer);
    clearTimeout(livenessTimer);
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close();
    context.closed({ opened, reason });
  }

  socket.onopen = () => {
    opened = true;
    clearTimeout(openTimer);
    resetLiveness();
    context.open();
    subscribe(context.channelNames());
  };
  socket.onmessage = (event) => {
    resetLiveness();
    const message = parseJson(event.data, context);
    if (message !== undefined) {
      context.message(message);
    }
  };
  socket.onclose = (event) => {
    const detail = event.reason ? `: ${event.reason}` : '';
    finish(`closed with code ${event.code}${detail}`);
  };

  return {
    subscribe,
    resync: subscribe,
    unsubscribe(names) {
      if (names.length > 0) {
        send({ type: 'unsubscribe', channels: names });
      }
    },
    close() {
      finished = true;
      clearTimeout(openTimer);
      clearTimeout(livenessTimer);
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close(1000);
    },
  };
}

function openEventSource(context) {
  let source = null;
  let opened = false;
  let finished = false;
  let restartQueued = false;
  let openTimer;

  // Limitation: SSE heartbeats are comment lines that EventSource hides
  // from scripts, so a silently dead stream is noticed only by the browser.
  function start() {
    const names = context.channelNames();
    if (names.length === 0) {
      return;
    }
    const url = endpointUrl(context.baseUrl, '/events');
    for (const name of names) {
      url.searchParams.append('channel', name);
    }
    const last = context.positionsText();
    if (last !== '') {
      url.searchParams.set('last', last);
    }
    source = new EventSource(url);
    armOpenTimer();
    source.onopen = () => {
      clearTimeout(openTimer);
      opened = true;
      context.open();
    };
    source.onmessage = (event) => {
      const message = parseJson(event.data, context);
      if (message !== undefined) {
        context.message(message);
      }
    };
    source.onerror = () => {
      // After a drop the browser reconnects by itself and sends the last
      // event id as Last-Event-ID, so the stream resumes where it was. If
      // that reconnect fails too, the client takes over with its backoff.
      const retrying = source.readyState === EventSource.CONNECTING;
      if (opened && retrying && openTimer === undefined) {
        armOpenTimer();
        context.interrupted();
        return;
      }
      finish('stream failed or was refused');
    };
  }

  function armOpenTimer() {
    clearTimeout(openTimer);
    openTimer = setTimeout(
      () => finish('open timed out'),
      context.options.openTimeoutMs,
    );
    const onOpen = () => {
      clearTimeout(openTimer);
      openTimer = undefined;
      source?.removeEventListener('open', onOpen);
    };
    source.addEventListener('open', onOpen);
  }

  function stopSource() {
    clearTimeout(openTimer);
    openTimer = undefined;
    if (source) {
      source.onopen = source.onmessage = source.onerror = null;
      source.close();
      source = null;
    }
  }

  function finish(reason) {
    if (finished) {
      return;
    }
    finished = true;
    stopSource();
    context.closed({ opened, reason });
  }

  // The channel list and positions are part of the URL, so any change
  // opens a new stream. Changes within one task share one new stream.
  function restart() {
    if (restartQueued || finished) {
      return;
    }
    restartQueued = true;
    queueMicrotask(() => {
      restartQueued = false;
      if (!finished) {
        stopSource();
        start();
      }
    });
  }

  start();
  return {
    subscribe: restart,
    unsubscribe: restart,
    resync: restart,
    close() {
      finished = true;
      stopSource();
    },
  };
}

function openLongPoll(context) {
  let controller = null;
  let opened = false;
  let finished = false;
  let running = false;
  let restarting = false;

  function pollUrl() {
    const url = endpointUrl(context.baseUrl, '/poll');
    for (const name of context.channelNames()) {
      url.searchParams.append('channel', name);
    }
    const after = context.positionsText();
    if (after !== '') {
      url.searchParams.set('after', after);
    }
    return url;
  }

  function reportErrorBody(text) {
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (isPlainObject(body?.error)) {
      context.message({ type: 'error', ...body.error });
    }
  }

  async function pollOnce() {
    restarting = false;
    controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(),
      context.options.pollTimeoutMs,
    );
    try {
      const response = await fetch(pollUrl(), {
        signal: controller.signal,
        cache: 'no-store',
        headers: { accept: 'application/json' },
      });
      const text = await response.text();
      if (!response.ok) {
        reportErrorBody(text);
        return { failed: `HTTP status ${response.status}` };
      }
      const body = parseJson(text, context);
      const messages = Array.isArray(body?.messages) ? body.messages : [];
      return { messages };
    } finally {
      clearTimeout(timer);
    }
  }

  // The next poll's `after` is built from the client's own positions, not
  // copied from the response, so a message the client ignored as a gap is
  // requested again instead of skipped.
  async function loop() {
    running = true;
    while (!finished && context.channelNames().length > 0) {
      let result;
      try {
        result = await pollOnce();
      } catch (error) {
        if (restarting && !finished) {
          continue;
        }
        const reason = error.name === 'AbortError' ? 'timed out' : 'failed';
        result = { failed: `poll request ${reason}: ${error.message}` };
      }
      if (finished) {
        break;
      }
      if (result.failed) {
        finished = true;
        context.closed({ opened, reason: result.failed });
        break;
      }
      if (!opened) {
        opened = true;
        context.open();
      }
      for (const message of result.messages) {
        context.message(message);
      }
    }
    running = false;
  }

  // A pending poll carries the old channel list, so a change aborts it
  // and the loop polls again at once with the new list.
  function restart() {
    if (finished) {
      return;
    }
    if (running) {
      restarting = true;
      controller?.abort();
    } else {
      loop();
    }
  }

  loop();
  return {
    subscribe: restart,
    unsubscribe: restart,
    resync() {
      // The next poll requests again from the client's positions.
    },
    close() {
      finished = true;
      controller?.abort();
    },
  };
}

const TRANSPORTS = {
  ws: openWebSocket,
  sse: openEventSource,
  poll: openLongPoll,
};

/* ---------------------------------------------------------------------- */
/* Client                                                                  */
/* ---------------------------------------------------------------------- */

/**
 * Connection states reported by `client.connectionState` and the events of
 * the same names: `idle` before the first connect, then `connecting`,
 * `live`, `reconnecting` and `offline`.
 *
 * @typedef {'idle'|'connecting'|'live'|'reconnecting'|'offline'} ConnectionState
 */

/**
 * Details passed to a channel's state handler.
 *
 * @typedef {object} ChangeInfo
 * @property {string} channel the channel name
 * @property {string} epoch the epoch of the applied message
 * @property {number} seq the seq of the applied message
 * @property {'snapshot'|'delta'|'cached'} type `cached` when a new handler
 *   receives the state the client already had
 * @property {boolean} resync true on a snapshot the server sent because it
 *   could not replay from the client's position
 * @property {*} data the snapshot or merge patch as received
 */

/**
 * Live connection to a Courtside server. Create one with {@link connect}.
 *
 * Events, subscribed with `on(name, handler)`:
 * - `connecting` `{transport, attempt}`: a transport starts to open.
 * - `live` `{transport}`: messages flow over `ws`, `sse` or `poll`.
 * - `reconnecting` `{delayMs, at, attempt, reason}`: the next attempt
 *   starts at `at` (milliseconds since 1970, for a countdown). Both are
 *   null while the browser retries an SSE stream by itself.
 * - `offline` `{reason}`: `navigator` while the browser reports no
 *   network, `gave-up` after `maxAttempts` failures, or `closed`.
 * - `error` `{code, message, retry}`: an error sent by the server, or
 *   `invalid-message` for a message the client could not use.
 *
 * Handlers never see exceptions from the network: every failure becomes
 * one of these events and a retry.
 */
export class CourtsideClient {
  #options;
  #log;
  #handlers = new Map();
  #channels = new Map();
  #connectionState = 'idle';
  #transportName = null;
  #transportIndex = 0;
  #attempt = 0;
  #connection = null;
  #connectionId = 0;
  #retryTimer = null;
  #wanted = false;
  #added = new Set();
  #removed = new Set();
  #flushQueued = false;
  #onOnline = () => this.#handleOnline();
  #onOffline = () => this.#handleOffline();

  /**
   * Creates a client that stays idle until {@link CourtsideClient#open}
   * is called. Options default to {@link DEFAULT_OPTIONS}.
   *
   * @param {object} [options]
   * @param {string} [options.url] server origin, such as
   *   `http://127.0.0.1:8080`; defaults to the page's origin
   * @param {string[]} [options.transports=['ws','sse','poll']] transports to
   *   try in order, where a single entry forces that transport
   * @param {number} [options.backoffBaseMs=500] first reconnect ceiling
   * @param {number} [options.backoffMaxMs=15000] maximum reconnect delay
   * @param {number} [options.heartbeatTimeoutMs=45000] WebSocket silence
   *   after which the connection counts as dead
   * @param {number} [options.openTimeoutMs=10000] time a transport may take
   *   to open before the next one is tried
   * @param {number} [options.pollTimeoutMs=35000] abort time of a long poll
   * @param {number} [options.maxAttempts=Infinity] failed attempts in a row
   *   before going `offline` with reason `gave-up`
   * @param {boolean} [options.debug=false] log to the console
   * @throws {TypeError} when no server origin is given or known, or a
   *   transport name is unknown
   */
  constructor(options = {}) {
    const merged = { ...DEFAULT_OPTIONS, ...options };
    merged.url ??= globalThis.location?.origin;
    if (!merged.url) {
      throw new TypeError('Missing option url: expected the server origin');
    }
    const unknown = merged.transports.filter(
      (name) => !TRANSPORT_NAMES.includes(name),
    );
    if (unknown.length > 0 || merged.transports.length === 0) {
      throw new TypeError(
        `Invalid transports ${JSON.stringify(merged.transports)}: ` +
          `expected one or more of ${TRANSPORT_NAMES.join(', ')}`,
      );
    }
    this.#options = merged;
    this.#log = createLogger(isDebugEnabled(merged.debug));
  }

  /** Current connection state, one of {@link ConnectionState}. */
  get connectionState() {
    return this.#connectionState;
  }

  /** Name of the transport in use (`ws`, `sse`, `poll`), or null. */
  get transport() {
    return this.#transportName;
  }

  /**
   * Adds an event handler. See the class description for the events.
   *
   * @param {string} event the event name
   * @param {(detail: object) => void} handler called with the event detail
   * @returns {() => void} a function that removes the handler
   */
  on(event, handler) {
    if (!this.#handlers.has(event)) {
      this.#handlers.set(event, new Set());
    }
    this.#handlers.get(event).add(handler);
    return () => this.off(event, handler);
  }

  /**
   * Removes an event handler added with {@link CourtsideClient#on}.
   *
   * @param {string} event the event name
   * @param {Function} handler the handler to remove
   */
  off(event, handler) {
    this.#handlers.get(event)?.delete(handler);
  }

  /**
   * Subscribes to a channel. The handler receives the whole channel state
   * after every applied snapshot or delta. A handler added to a channel
   * that already has state receives it at once, with type `cached`.
   *
   * @param {string} channel `games`, `league:{id}` or `game:{id}`
   * @param {(state: *, info: ChangeInfo) => void} onState state handler
   * @returns {() => void} a function that removes this handler, and
   *   unsubscribes the channel when it was the last one
   * @throws {TypeError} when the channel name is invalid
   */
  subscribe(channel, onState) {
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
      throw new TypeError(
        `Invalid channel ${JSON.stringify(channel)}: expected 1 to 100 ` +
          'characters from a-z A-Z 0-9 : _ . -',
      );
    }
    let entry = this.#channels.get(channel);
    if (!entry) {
      entry = {
        handlers: new Set(),
        state: undefined,
        position: null,
        resyncRequested: false,
      };
      this.#channels.set(channel, entry);
      this.#queueChannelChange(channel, true);
    }
    entry.handlers.add(onState);
    if (entry.position) {
      const { epoch, seq } = entry.position;
      const info = { channel, epoch, seq, type: 'cached', resync: false };
      queueMicrotask(() => this.#callStateHandler(onState, entry.state, info));
    }
    return () => {
      entry.handlers.delete(onState);
      if (entry.handlers.size === 0 && this.#channels.get(channel) === entry) {
        this.unsubscribe(channel);
      }
    };
  }

  /**
   * Unsubscribes from a channel and drops its state and position.
   *
   * @param {string} channel the channel name
   */
  unsubscribe(channel) {
    if (this.#channels.delete(channel)) {
      this.#queueChannelChange(channel, false);
    }
  }

  /**
   * Returns a channel's current state, or undefined before its snapshot.
   *
   * @param {string} channel the channel name
   * @returns {*} the state
   */
  getState(channel) {
    return this.#channels.get(channel)?.state;
  }

  /**
   * Returns a channel's last applied position, or null when it has none.
   *
   * @param {string} channel the channel name
   * @returns {{epoch: string, seq: number}|null} the position
   */
  getPosition(channel) {
    const position = this.#channels.get(channel)?.position;
    return position ? { ...position } : null;
  }

  /**
   * Starts connecting, once there is at least one channel. Called by
   * {@link connect}.
   */
  open() {
    if (this.#wanted) {
      return;
    }
    this.#wanted = true;
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    if (globalThis.navigator?.onLine === false) {
      this.#handleOffline();
      return;
    }
    this.#connectNow();
  }

  /**
   * Drops the current connection, if any, and connects again at once with
   * the first transport and a fresh backoff. Use it for a "retry now"
   * button after `offline`.
   */
  reconnect() {
    if (!this.#wanted) {
      this.open();
      return;
    }
    this.#log('reconnect requested by the page');
    this.#dropConnection();
    this.#attempt = 0;
    this.#transportIndex = 0;
    this.#connectNow();
  }

  /** Closes the connection for good and emits `offline` (reason `closed`). */
  close() {
    this.#wanted = false;
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    this.#dropConnection();
    this.#setState('offline', { reason: 'closed' });
  }

  /* Connection lifecycle ------------------------------------------------ */

  #connectNow() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (!this.#wanted || this.#connection || this.#channels.size === 0) {
      return;
    }
    const name = this.#options.transports[this.#transportIndex];
    const id = ++this.#connectionId;
    this.#transportName = name;
    this.#setState('connecting', { transport: name, attempt: this.#attempt });
    this.#log('connecting', { transport: name, attempt: this.#attempt });
    try {
      this.#connection = TRANSPORTS[name](this.#transportContext(id));
    } catch (error) {
      // Such as a browser without EventSource, or a malformed url option.
      this.#handleClosed({ opened: false, reason: error.message });
    }
  }

  #transportContext(id) {
    const current = () => id === this.#connectionId;
    return {
      baseUrl: this.#options.url,
      options: this.#options,
      channelNames: () => [...this.#channels.keys()],
      position: (name) => this.getPosition(name),
      positionsText: () => this.#positionsText(),
      open: () => current() && this.#handleOpen(),
      interrupted: () => current() && this.#handleInterrupted(),
      message: (message) => current() && this.#handleMessage(message),
      invalid: (text) => current() && this.#reportInvalid(text),
      closed: (result) => current() && this.#handleClosed(result),
    };
  }

  #positionsText() {
    const positions = [];
    for (const [channel, entry] of this.#channels) {
      if (entry.position) {
        positions.push({ channel, ...entry.position });
      }
    }
    return encodePositions(positions);
  }

  #handleOpen() {
    this.#setState('live', { transport: this.#transportName });
    this.#log('live', { transport: this.#transportName });
  }

  #handleInterrupted() {
    this.#log('stream interrupted, the browser retries', {
      transport: this.#transportName,
    });
    this.#setState('reconnecting', {
      delayMs: null,
      at: null,
      attempt: this.#attempt,
      reason: 'stream interrupted',
    });
  }

  #handleClosed({ opened, reason }) {
    this.#connection = null;
    const transport = this.#transportName;
    this.#log('connection closed', { transport, opened, reason });
    if (!opened && this.#transportIndex + 1 < this.#options.transports.length) {
      // Fall back at once: the next transport may pass where this failed.
      this.#transportIndex += 1;
      this.#connectNow();
      return;
    }
    if (!opened) {
      this.#transportIndex = 0;
    }
    this.#scheduleRetry(null, reason);
  }

  /**
   * Schedules the next attempt after `delayMs`, or after the backoff delay
   * when `delayMs` is null, and emits `reconnecting`.
   */
  #scheduleRetry(delayMs, reason) {
    if (this.#attempt >= this.#options.maxAttempts) {
      this.#log('giving up', { attempts: this.#attempt, reason });
      this.#setState('offline', { reason: 'gave-up' });
      return;
    }
    const delay =
      delayMs ??
      backoffDelayMs(this.#attempt, {
        baseMs: this.#options.backoffBaseMs,
        maxMs: this.#options.backoffMaxMs,
      });
    this.#attempt += 1;
    const at = Date.now() + delay;
    this.#log('reconnecting', { delayMs: delay, attempt: this.#attempt, reason });
    this.#setState('reconnecting', {
      delayMs: delay,
      at,
      attempt: this.#attempt,
      reason,
    });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connectNow(), delay);
  }

  #dropConnection() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#connectionId += 1;
    this.#connection?.close();
    this.#connection = null;
  }

  #handleOnline() {
    this.#log('browser reports network available');
    if (this.#wanted && this.#connectionState === 'offline') {
      this.reconnect();
    }
  }

  #handleOffline() {
    this.#log('browser reports no network');
    this.#dropConnection();
    this.#setState('offline', { reason: 'navigator' });
  }

  #setState(state, detail) {
    // `live` and `connecting` repeat only when the transport changes.
    const unchanged =
      state === this.#connectionState &&
      (state === 'live' || state === 'connecting') &&
      detail.transport === this.#transportName;
    this.#connectionState = state;
    if (!unchanged) {
      this.#emit(state, detail);
    }
  }

  #emit(event, detail) {
    for (const handler of this.#handlers.get(event) ?? []) {
      try {
        handler(detail);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }

  /* Messages ------------------------------------------------------------ */

  #handleMessage(message) {
    if (!isPlainObject(message) || typeof message.type !== 'string') {
      this.#reportInvalid(JSON.stringify(message));
      return;
    }
    if (CONTROL_TYPES.has(message.type)) {
      this.#handleControl(message);
      return;
    }
    if (message.type !== 'snapshot' && message.type !== 'delta') {
      this.#log('ignoring message of unknown type', message.type);
      return;
    }
    const problem = validateEnvelope(message);
    if (problem) {
      this.#reportInvalid(`${problem} in ${JSON.stringify(message)}`);
      return;
    }
    this.#applyEnvelope(message);
  }

  #handleControl(message) {
    if (message.type === 'error') {
      this.#log('server error', message);
      this.#emit('error', {
        code: String(message.code ?? 'unknown'),
        message: String(message.message ?? ''),
        retry: message.retry === true,
      });
      return;
    }
    if (message.type === 'reconnect') {
      const delayMs = Number.isFinite(message.delayMs)
        ? Math.max(0, message.delayMs)
        : null;
      const reason = `server requested reconnect: ${message.reason ?? ''}`;
      this.#dropConnection();
      this.#scheduleRetry(delayMs, reason.trim());
    }
    // A heartbeat or pong only proves liveness, which the transport noted.
  }

  #applyEnvelope(message) {
    const { channel, epoch, seq, type } = message;
    const entry = this.#channels.get(channel);
    if (!entry) {
      this.#log('ignoring message for unsubscribed channel', channel);
      return;
    }
    const action = classifyMessage(entry.position, message);
    if (action === 'ignore') {
      this.#log('ignoring old message', { channel, epoch, seq });
      return;
    }
    if (action === 'gap') {
      this.#requestResync(channel, entry, message);
      return;
    }

    entry.state =
      type === 'snapshot'
        ? message.data
        : applyMergePatch(entry.state, message.data);
    entry.position = { epoch, seq };
    entry.resyncRequested = false;
    // Data flows again, so the next failure starts a fresh backoff.
    this.#attempt = 0;

    const info = {
      channel,
      epoch,
      seq,
      type,
      resync: message.resync === true,
      data: message.data,
    };
    for (const handler of entry.handlers) {
      this.#callStateHandler(handler, entry.state, info);
    }
  }

  #requestResync(channel, entry, message) {
    // One request per gap, because every message after the gap is a gap
    // too until the server's replay or snapshot arrives.
    if (entry.resyncRequested) {
      return;
    }
    entry.resyncRequested = true;
    this.#log('gap, resubscribing from the last position', {
      channel,
      position: entry.position,
      received: { epoch: message.epoch, seq: message.seq },
    });
    this.#connection?.resync([channel]);
  }

  #callStateHandler(handler, state, info) {
    try {
      handler(state, info);
    } catch (error) {
      reportHandlerError(error);
    }
  }

  #reportInvalid(text) {
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    this.#log('invalid message', excerpt);
    this.#emit('error', {
      code: 'invalid-message',
      message: `Invalid message from the server: ${excerpt}`,
      retry: true,
    });
  }

  /* Channel changes ----------------------------------------------------- */

  #queueChannelChange(channel, added) {
    (added ? this.#removed : this.#added).delete(channel);
    (added ? this.#added : this.#removed).add(channel);
    if (this.#flushQueued) {
      return;
    }
    this.#flushQueued = true;
    queueMicrotask(() => this.#flushChannelChanges());
  }

  #flushChannelChanges() {
    this.#flushQueued = false;
    const added = [...this.#added];
    const removed = [...this.#removed];
    this.#added.clear();
    this.#removed.clear();
    if (!this.#connection) {
      // The first channel of an open client starts the connection, unless
      // a retry is already scheduled or the browser reports no network.
      if (this.#retryTimer === null && this.#connectionState !== 'offline') {
        this.#connectNow();
      }
      return;
    }
    if (removed.length > 0) {
      this.#connection.unsubscribe(removed);
    }
    if (added.length > 0) {
      this.#connection.subscribe(added);
    }
  }
}

function reportHandlerError(error) {
  // A page handler's bug must not break the connection, so it is reported
  // the way the browser reports an uncaught error, and the client goes on.
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
  } else {
    console.error(error);
  }
}

/**
 * Creates a client and starts connecting as soon as a channel is
 * subscribed. Connection problems are reported as events. Only invalid
 * options throw.
 *
 * @example
 * const client = connect();
 * client.on('live', ({ transport }) => console.log('live over', transport));
 * client.subscribe('games', (games) => render(games));
 *
 * @param {object} [options] see the {@link CourtsideClient} constructor,
 *   with defaults in {@link DEFAULT_OPTIONS}
 * @returns {CourtsideClient} the client
 */
export function connect(options = {}) {
  const client = new CourtsideClient(options);
  client.open();
  return client;
}
