/**
 * In-place updates of the elements that show one game. Both pages mark
 * those elements with `data-role` (home-score, away-score, status, period,
 * clock, start, stale, last-play, home-name, away-name, home-short,
 * away-short), and this module writes text only where it changed, so
 * nothing flickers and screen readers are not disturbed.
 *
 * @module game-fields
 */

import {
  formatClock,
  formatPeriod,
  formatStartTime,
  formatStatus,
  statusGroup,
} from './format.js';

const ROLES = [
  'home-score',
  'away-score',
  'home-name',
  'away-name',
  'home-short',
  'away-short',
  'status',
  'period',
  'clock',
  'start',
  'stale',
  'last-play',
];

const fieldCache = new WeakMap();

function fieldsOf(root) {
  let fields = fieldCache.get(root);
  if (!fields) {
    fields = {};
    for (const role of ROLES) {
      fields[role] = root.querySelector(`[data-role="${role}"]`);
    }
    fieldCache.set(root, fields);
  }
  return fields;
}

function setText(element, text) {
  if (element && element.textContent !== text) {
    element.textContent = text;
  }
}

function setHidden(element, hidden) {
  if (element && element.hidden !== hidden) {
    element.hidden = hidden;
  }
}

/**
 * Sets a score element's text and, when a shown score changes, restarts
 * its highlight animation (the `score-changed` class in style.css).
 *
 * @param {HTMLElement|null} element the score element
 * @param {string} text the new score text
 * @returns {boolean} whether a shown score changed
 */
export function setScore(element, text) {
  if (!element || element.textContent === text) {
    return false;
  }
  const changed = element.textContent !== '' && text !== '';
  element.textContent = text;
  if (changed) {
    element.classList.remove('score-changed');
    // Reading the width forces a style flush, so re-adding the class
    // starts the animation again even if it was still running.
    void element.offsetWidth;
    element.classList.add('score-changed');
  }
  return changed;
}

/**
 * Returns the label shown beside a team's score: its abbreviation, or its
 * name when the feed sent no abbreviation.
 *
 * @param {{short?: string, name?: string}|undefined} team a side of a game
 * @returns {string} the label, empty when the team has neither
 */
export function teamLabel(team) {
  return team?.short || team?.name || '';
}

/**
 * Returns the text of a `*-name` element. A scoreboard card shows the name
 * (class `team-name`) beside the label, so it gets an empty text when the
 * name only repeats the label, as when a feed sends the abbreviation as
 * the name. The game page heading always gets the full name.
 */
function nameText(element, team) {
  const name = team?.name ?? '';
  const besideLabel = element?.classList.contains('team-name') ?? false;
  return besideLabel && name === teamLabel(team) ? '' : name;
}

function scoreText(side, showScore) {
  return showScore && Number.isFinite(side?.score) ? String(side.score) : '';
}

/**
 * Writes a game's fields into the marked elements under `root` and sets
 * `root.dataset.status`. Missing elements are skipped.
 *
 * @param {Element} root the element that contains the game's fields
 * @param {object} game a game as the protocol defines it
 * @returns {{scoreChanged: boolean, statusChanged: boolean}} what changed
 *   since the last call for this root
 */
export function updateGameFields(root, game) {
  const fields = fieldsOf(root);
  const group = statusGroup(game.status);
  const inProgress = game.status === 'live' || game.status === 'suspended';
  const regulation = game.regulationPeriods ?? 4;

  const statusChanged =
    root.dataset.status !== undefined && root.dataset.status !== game.status;
  if (root.dataset.status !== game.status) {
    root.dataset.status = game.status;
  }

  const showScore = group !== 'upcoming';
  const homeScore = scoreText(game.home, showScore);
  const awayScore = scoreText(game.away, showScore);
  const homeChanged = setScore(fields['home-score'], homeScore);
  const awayChanged = setScore(fields['away-score'], awayScore);

  setText(fields['home-name'], nameText(fields['home-name'], game.home));
  setText(fields['away-name'], nameText(fields['away-name'], game.away));
  setText(fields['home-short'], teamLabel(game.home));
  setText(fields['away-short'], teamLabel(game.away));
  setText(fields.status, formatStatus(game));
  setText(fields.period, inProgress ? formatPeriod(game.period, regulation) : '');
  setText(fields.clock, game.status === 'live' ? formatClock(game.clock) : '');
  updateStart(fields.start, game, group);
  setHidden(fields.stale, game.stale !== true);

  const lastPlay = game.status === 'live' ? game.lastPlay?.description ?? '' : '';
  setText(fields['last-play'], lastPlay);
  setHidden(fields['last-play'], lastPlay === '');

  return { scoreChanged: homeChanged || awayChanged, statusChanged };
}

function updateStart(element, game, group) {
  if (!element) {
    return;
  }
  const show = group === 'upcoming' && typeof game.start === 'string';
  setHidden(element, !show);
  if (!show) {
    return;
  }
  if (element.getAttribute('datetime') !== game.start) {
    element.setAttribute('datetime', game.start);
  }
  setText(element, formatStartTime(game.start));
}

/**
 * Describes a game's score for a screen reader announcement, such as
 * "Golden State Warriors 41, Brooklyn Nets 52, Q2 11:42".
 *
 * @param {object} game a game as the protocol defines it
 * @returns {string} the sentence
 */
export function describeScore(game) {
  const away = `${game.away?.name ?? 'Away'} ${game.away?.score ?? 0}`;
  const home = `${game.home?.name ?? 'Home'} ${game.home?.score ?? 0}`;
  let state = formatStatus(game);
  if (game.status === 'live') {
    const regulation = game.regulationPeriods ?? 4;
    const period = formatPeriod(game.period, regulation);
    state = `${period} ${formatClock(game.clock)}`.trim();
  }
  return `${away}, ${home}, ${state}`;
}
