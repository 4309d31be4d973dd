/**
 * The play-by-play list of one game, newest first. Live plays come from
 * the `game:{id}` channel state and older ones from the REST history as
 * the reader scrolls. Rows are keyed by the provider's action number, so
 * a play is shown once whichever source delivered it, an edited play
 * replaces its row, and a play flagged `deleted` disappears.
 *
 * @module play-list
 */

import { formatClock, formatPeriod } from './format.js';
import { teamLabel } from './game-fields.js';
import { createLogger } from './log.js';

const log = createLogger('game');

function orderOf(play) {
  return Number.isFinite(play.order) ? play.order : Number(play.action) || 0;
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

/**
 * Returns the text of a play row: the feed's description, or for a play
 * that came without one, a text made from its type, such as "End of Q3".
 */
function describePlay(play, regulationPeriods) {
  if (play.description) {
    return play.description;
  }
  const period = formatPeriod(play.period, regulationPeriods);
  switch (play.type) {
    case 'period-start':
      return period ? `Start of ${period}` : 'Period start';
    case 'period-end':
      return period ? `End of ${period}` : 'Period end';
    case 'game-end':
      return 'End of game';
    default: {
      // A type such as "instant-replay" reads as "Instant replay".
      const words = String(play.type ?? '').replaceAll('-', ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/**
 * A function that fetches one page of history, newest first.
 *
 * @callback FetchPlaysPage
 * @param {number|undefined} before return plays with a smaller `order`,
 *   or the newest plays when undefined
 * @param {number} limit maximum plays in the page
 * @returns {Promise<{plays: object[], next?: number}>} the page, whose
 *   `next` is absent on the last page
 */

/**
 * The play list with its history loader.
 */
export class PlayList {
  #list;
  #sentinel;
  #button;
  #status;
  #fetchPage;
  #pageSize;
  #rows = new Map();
  #deleted = new Set();
  #regulationPeriods = 4;
  #teamShort = new Map();
  #cursor = undefined;
  #historyStarted = false;
  #loading = false;
  #done = false;
  #failed = false;
  #sentinelVisible = false;
  #observer = null;

  /**
   * Creates the list over existing elements.
   *
   * @param {object} parts
   * @param {HTMLOListElement} parts.list the `data-role="plays"` list
   * @param {HTMLElement} parts.sentinel the `data-role="load-more"` element
   *   after the list, containing a button and a status element
   * @param {FetchPlaysPage} parts.fetchPage loads one page of history
   * @param {number} [parts.pageSize=50] plays per history request (1-200)
   */
  constructor({ list, sentinel, fetchPage, pageSize = 50 }) {
    this.#list = list;
    this.#sentinel = sentinel;
    this.#button = sentinel.querySelector('button');
    this.#status = sentinel.querySelector('[data-role="load-more-status"]');
    this.#fetchPage = fetchPage;
    this.#pageSize = pageSize;
    this.#button.addEventListener('click', () => {
      this.#failed = false;
      this.loadOlder();
    });
  }

  /**
   * Stores the team labels (abbreviation, or name when there is none) and
   * the period count used in the rows.
   *
   * @param {object} game a game as the protocol defines it
   */
  setGame(game) {
    this.#regulationPeriods = game.regulationPeriods ?? 4;
    for (const side of ['home', 'away']) {
      if (game[side]?.id !== undefined) {
        this.#teamShort.set(String(game[side].id), teamLabel(game[side]));
      }
    }
  }

  /**
   * Applies the plays of the channel state. A play that left the state
   * without a `deleted` flag only fell out of the latest 20, so its row
   * stays.
   *
   * @param {Object<string, object>} plays the state's plays by action
   */
  applyLive(plays) {
    for (const [key, play] of Object.entries(plays ?? {})) {
      const action = String(play.action ?? key);
      if (play.deleted) {
        this.#delete(action);
      } else {
        this.#upsert(action, play);
      }
    }
  }

  /**
   * Starts loading history when the sentinel comes near the viewport.
   * Call it once the first state has arrived, so the history starts just
   * before the oldest live play.
   */
  startHistory() {
    if (this.#historyStarted) {
      return;
    }
    this.#historyStarted = true;
    const orders = [...this.#rows.values()].map((entry) => entry.order);
    this.#cursor = orders.length > 0 ? Math.min(...orders) : undefined;
    this.#button.hidden = false;
    if (!('IntersectionObserver' in globalThis)) {
      return;
    }
    this.#observer = new IntersectionObserver(
      (entries) => {
        this.#sentinelVisible = entries.at(-1).isIntersecting;
        if (this.#sentinelVisible && !this.#failed) {
          this.loadOlder();
        }
      },
      { rootMargin: '0px 0px 600px 0px' },
    );
    this.#observer.observe(this.#sentinel);
  }

  /**
   * Loads the next page of older plays, unless a load is running or the
   * history is exhausted. A failure shows a message and waits for the
   * reader to press the button again.
   */
  async loadOlder() {
    if (this.#loading || this.#done) {
      return;
    }
    this.#loading = true;
    this.#button.disabled = true;
    this.#status.textContent = 'Loading older plays…';
    try {
      const page = await this.#fetchPage(this.#cursor, this.#pageSize);
      this.#applyHistoryPage(page);
    } catch (error) {
      log('history request failed', { before: this.#cursor, error });
      this.#failed = true;
      this.#status.textContent = 'Could not load older plays.';
      this.#button.textContent = 'Try again';
    } finally {
      this.#loading = false;
      this.#button.disabled = false;
    }
    if (this.#done) {
      this.#finishHistory();
    } else if (this.#sentinelVisible && !this.#failed) {
      // The observer reports only changes, so a sentinel that is still
      // visible after the new rows needs another page now.
      requestAnimationFrame(() => this.loadOlder());
    }
  }

  #applyHistoryPage(page) {
    for (const play of page.plays ?? []) {
      const action = String(play.action);
      // A live row is at least as new as the history's copy.
      if (!play.deleted && !this.#rows.has(action) && !this.#deleted.has(action)) {
        this.#upsert(action, play);
      }
    }
    const next = page.next;
    // A cursor that does not move back would load the same page forever.
    const moved = this.#cursor === undefined || next < this.#cursor;
    this.#done = !Number.isFinite(next) || !moved;
    this.#cursor = next;
    this.#status.textContent = '';
    this.#button.textContent = 'Load older plays';
  }

  #finishHistory() {
    this.#observer?.disconnect();
    this.#button.hidden = true;
    this.#status.textContent =
      this.#rows.size > 0 ? 'Start of the game.' : 'No plays yet.';
  }

  #delete(action) {
    this.#deleted.add(action);
    this.#rows.get(action)?.row.remove();
    this.#rows.delete(action);
  }

  #upsert(action, play) {
    const json = JSON.stringify(play);
    const existing = this.#rows.get(action);
    if (existing?.json === json) {
      return;
    }
    const order = orderOf(play);
    const row = existing?.row ?? this.#createRow(action);
    this.#fillRow(row, play);
    if (existing?.order !== order) {
      row.remove();
      this.#insertByOrder(row, order);
    }
    this.#rows.set(action, { row, json, order });
  }

  #createRow(action) {
    const row = document.createElement('li');
    row.className = 'play';
    row.dataset.role = 'play';
    row.dataset.action = action;
    return row;
  }

  #fillRow(row, play) {
    const period = formatPeriod(play.period, this.#regulationPeriods);
    const time = `${period} ${formatClock(play.clock)}`.trim();
    const team = this.#teamShort.get(String(play.team)) ?? '';
    const hasScore =
      Number.isFinite(play.scoreAway) && Number.isFinite(play.scoreHome);
    const score = hasScore ? `${play.scoreAway}–${play.scoreHome}` : '';
    row.replaceChildren(
      span('play-time', time),
      span('play-team', team),
      span('play-text', describePlay(play, this.#regulationPeriods)),
      span('play-score', score),
    );
  }

  #insertByOrder(row, order) {
    // Rows are newest first, so the new row goes before the first older one.
    let before = null;
    for (const child of this.#list.children) {
      if (Number(child.dataset.order) < order) {
        before = child;
        break;
      }
    }
    row.dataset.order = String(order);
    this.#list.insertBefore(row, before);
  }
}
