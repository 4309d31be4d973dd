/**
 * The status page: reads `/api/status` every 5 seconds and shows the
 * store, the bus, the client connections and each live feed's state.
 *
 * @module status
 */

import { createLogger } from './log.js';

const log = createLogger('status');

/** Time between two reads of `/api/status`, in milliseconds. */
const REFRESH_MS = 5000;

const FEED_COLUMNS = [
  'name',
  'host',
  'state',
  'lastSuccess',
  'lastError',
  'polls',
  'failures',
  'quarantined',
];

/**
 * Formats how long ago an ISO-8601 time was, such as `12 s ago`.
 *
 * @param {?string} iso the time, or null
 * @param {number} [nowMs=Date.now()] the current time in epoch milliseconds
 * @returns {string} the age, or `never` when `iso` is null
 */
export function formatAge(iso, nowMs = Date.now()) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (seconds < 120) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

function upText(part) {
  return part.up ? 'up' : 'down';
}

function feedCell(page, feed, column, nowMs) {
  const cell = page.createElement('td');
  if (column === 'name') {
    cell.textContent = `${feed.name} (${feed.kind})`;
  } else if (column === 'state') {
    cell.textContent = feed.state;
    cell.className = `feed-state feed-state-${feed.state}`;
  } else if (column === 'lastSuccess') {
    cell.textContent = formatAge(feed.lastSuccess, nowMs);
    if (feed.lastSuccess) {
      cell.title = feed.lastSuccess;
    }
  } else if (column === 'lastError') {
    cell.textContent = feed.lastError ?? '';
    if (feed.lastFailure) {
      cell.title = feed.lastFailure;
    }
  } else {
    cell.textContent = String(feed[column] ?? '');
  }
  return cell;
}

/**
 * Shows one `/api/status` body in the page. Text goes in through
 * `textContent` only, so feed errors cannot inject markup.
 *
 * @param {Document} page the status page
 * @param {object} status the parsed body of `/api/status`
 * @param {number} [nowMs=Date.now()] the current time in epoch milliseconds
 */
export function renderStatus(page, status, nowMs = Date.now()) {
  const summary = page.querySelector('[data-role="summary"]');
  summary.dataset.state = status.status;
  summary.textContent = status.status === 'ready' ? 'Ready' : 'Not ready';

  const field = (name) => page.querySelector(`[data-field="${name}"]`);
  field('store').textContent = upText(status.store);
  field('bus').textContent = `${upText(status.bus)} (${status.bus.kind})`;
  const connections = status.connections;
  field('connections').textContent =
    `${connections.total}: WebSocket ${connections.ws}, ` +
    `SSE ${connections.sse}, long polling ${connections.poll}`;
  field('subscriptions').textContent = String(status.subscriptions);
  field('games').textContent = String(status.games);

  const rows = status.feeds.map((feed) => {
    const row = page.createElement('tr');
    row.dataset.feed = feed.name;
    for (const column of FEED_COLUMNS) {
      row.append(feedCell(page, feed, column, nowMs));
    }
    return row;
  });
  page.querySelector('[data-role="feeds"] tbody').replaceChildren(...rows);
  page.querySelector('[data-role="no-feeds"]').hidden = rows.length > 0;
}

async function refresh() {
  const summary = document.querySelector('[data-role="summary"]');
  try {
    const response = await fetch('/api/status', { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`HTTP status ${response.status}`);
    }
    renderStatus(document, await response.json());
  } catch (error) {
    log('status read failed', error);
    summary.dataset.state = 'unknown';
    summary.textContent = `Status unavailable: ${error.message}`;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

if (document.querySelector('[data-role="feeds"]')) {
  refresh();
}
