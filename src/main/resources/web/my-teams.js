/**
 * "My teams": the teams that the viewer follows, stored in localStorage,
 * and the star buttons on the scoreboard cards that follow and unfollow
 * them.
 *
 * @module my-teams
 */

import { createLogger } from './log.js';

const log = createLogger('my-teams');

const STORAGE_KEY = 'courtside.myTeams';

const SIDES = ['away', 'home'];

/**
 * Returns the key of a team: its league and id, because team ids are only
 * unique within a league.
 *
 * @param {string} league the league id
 * @param {{id?: string}|undefined} team a side of a game
 * @returns {string} the key, empty when the team has no id
 */
export function teamKey(league, team) {
  return team?.id ? `${league ?? ''}:${team.id}` : '';
}

/**
 * Creates the set of followed teams, read from and written to `storage`.
 * When the storage is unavailable or full, as in some private windows, the
 * set still works for the page's lifetime and the error is logged.
 *
 * @param {Storage|null} [storage=localStorage] where the team keys are kept
 * @returns {{has: function(string): boolean, toggle: function(string): boolean,
 *   reload: function(): void}} the set; toggle returns whether the team is
 *   now followed, and reload reads the storage again
 */
export function createMyTeams(storage = safeLocalStorage()) {
  let keys = readKeys(storage);

  return {
    has: (key) => key !== '' && keys.has(key),
    toggle(key) {
      if (keys.has(key)) {
        keys.delete(key);
      } else {
        keys.add(key);
      }
      writeKeys(storage, keys);
      return keys.has(key);
    },
    reload() {
      keys = readKeys(storage);
    },
  };
}

/**
 * Tells whether the viewer follows a team of a game.
 *
 * @param {object} game a game as the protocol defines it
 * @param {{has: function(string): boolean}} myTeams the followed teams
 * @returns {boolean} true when the home or away team is followed
 */
export function followsGame(game, myTeams) {
  return SIDES.some((side) => myTeams.has(teamKey(game.league, game[side])));
}

/**
 * Reloads `myTeams` and calls `onChange` when another tab of the same site
 * changes the followed teams. Browsers fire the `storage` event only in
 * the other tabs, so a tab's own changes do not call `onChange`.
 *
 * @param {{reload: function(): void}} myTeams the followed teams
 * @param {function(): void} onChange called after the reload
 */
export function onOtherTabChange(myTeams, onChange) {
  globalThis.addEventListener('storage', (event) => {
    // A null key means that the other tab cleared the whole storage.
    if (event.key === null || event.key === STORAGE_KEY) {
      myTeams.reload();
      onChange();
    }
  });
}

function safeLocalStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch (error) {
    // Reading localStorage throws a SecurityError when storage is blocked.
    log('localStorage unavailable', error);
    return null;
  }
}

function readKeys(storage) {
  try {
    const stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter(isKey) : []);
  } catch (error) {
    log('invalid followed teams in storage', error);
    return new Set();
  }
}

function isKey(value) {
  return typeof value === 'string' && value !== '';
}

function writeKeys(storage, keys) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify([...keys]));
  } catch (error) {
    log('failed to store followed teams', error);
  }
}

/**
 * Adds a star button per team to a scoreboard card. The buttons sit beside
 * the card's link, not in it, because a link must not contain buttons.
 * They exist from the start with a fixed size, so following a team never
 * moves the card's scores.
 *
 * @param {HTMLElement} card the card, a list item from createGameCard()
 */
export function addFollowButtons(card) {
  const column = document.createElement('div');
  column.className = 'follow-buttons';
  for (const side of SIDES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'follow';
    button.dataset.side = side;
    button.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-label', 'Follow team');
    button.disabled = true;
    column.append(button);
  }
  card.prepend(column);
}

/**
 * Updates a card's star buttons and its `data-followed` mark for a game.
 * A button's label names the team and stays the same when pressed, and
 * `aria-pressed` shows whether the team is followed.
 *
 * @param {HTMLElement} card the card with buttons from addFollowButtons()
 * @param {object} game a game as the protocol defines it
 * @param {{has: function(string): boolean}} myTeams the followed teams
 * @returns {boolean} whether the viewer follows a team of the game
 */
export function updateFollowButtons(card, game, myTeams) {
  for (const button of card.querySelectorAll('button.follow')) {
    const team = game[button.dataset.side];
    const key = teamKey(game.league, team);
    const label = `Follow ${team?.name || team?.short || 'team'}`;
    const pressed = String(myTeams.has(key));
    setAttribute(button, 'data-team', key);
    setAttribute(button, 'aria-label', label);
    setAttribute(button, 'aria-pressed', pressed);
    button.disabled = key === '';
  }
  const followed = followsGame(game, myTeams);
  card.toggleAttribute('data-followed', followed);
  return followed;
}

function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

/**
 * Calls `onToggle` with a team key when a star button under `container`
 * is clicked, after toggling that team in `myTeams`. Buttons are found by
 * delegation, so cards added later need no listener of their own.
 *
 * @param {HTMLElement} container an element that contains the cards
 * @param {{toggle: function(string): boolean}} myTeams the followed teams
 * @param {function(string): void} onToggle called after each toggle
 */
export function bindFollowButtons(container, myTeams, onToggle) {
  container.addEventListener('click', (event) => {
    const button = event.target.closest('button.follow');
    const key = button?.dataset.team;
    if (!key) {
      return;
    }
    myTeams.toggle(key);
    onToggle(key);
    // Moving a followed card first detaches it, which drops the focus.
    if (document.activeElement !== button && button.isConnected) {
      button.focus();
    }
  });
}
