/**
 * The connection indicator: shows the client's state as text, with a
 * countdown while it waits to reconnect, and a "Retry now" button.
 *
 * Expected markup: an element with `data-role="connection"` that contains
 * `[data-role="connection-text"]` and `button[data-role="retry"]`. The
 * element's `data-state` is connecting, live, reconnecting or offline.
 *
 * @module connection-indicator
 */

const TRANSPORT_LABELS = {
  ws: 'WebSocket',
  sse: 'Server-Sent Events',
  poll: 'long polling',
};

const OFFLINE_TEXTS = {
  navigator: 'Offline: no network',
  'gave-up': 'Offline: server unreachable',
  closed: 'Offline',
};

/**
 * Keeps the indicator in step with the client's connection events.
 *
 * @param {HTMLElement} element the `data-role="connection"` element
 * @param {import('./client/courtside.js').CourtsideClient} client the client
 */
export function bindConnectionIndicator(element, client) {
  const text = element.querySelector('[data-role="connection-text"]');
  const retry = element.querySelector('[data-role="retry"]');
  let countdownTimer = null;

  function show(state, label, { retryable = false, title = '' } = {}) {
    clearInterval(countdownTimer);
    countdownTimer = null;
    element.dataset.state = state;
    element.title = title;
    text.textContent = label;
    retry.hidden = !retryable;
  }

  function showCountdown(at) {
    const render = () => {
      const seconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
      const label = `Reconnecting in ${seconds} s`;
      if (text.textContent !== label) {
        text.textContent = label;
      }
    };
    render();
    countdownTimer = setInterval(render, 250);
  }

  client.on('connecting', () => show('connecting', 'Connecting…'));
  client.on('live', ({ transport }) =>
    show('live', 'Live', {
      title: `Receiving updates over ${TRANSPORT_LABELS[transport]}`,
    }),
  );
  client.on('reconnecting', ({ at, reason }) => {
    show('reconnecting', 'Reconnecting…', {
      retryable: at !== null,
      title: `Connection lost: ${reason}. Scores may be out of date.`,
    });
    if (at !== null) {
      showCountdown(at);
    }
  });
  client.on('offline', ({ reason }) =>
    show('offline', OFFLINE_TEXTS[reason] ?? 'Offline', {
      retryable: reason !== 'navigator',
      title: 'Scores may be out of date.',
    }),
  );
  retry.addEventListener('click', () => client.reconnect());
}
