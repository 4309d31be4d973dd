/**
 * The scoreboard page: every game of the `games` channel, grouped as live
 * (with halftime), upcoming and final, updated in place as deltas arrive.
 * Filters by date, league and followed teams hide cards without removing
 * them, and games of followed teams come first in their group.
 *
 * @module app
 */

import { connect } from './client/courtside.js';
import { createAnnouncer } from './announcer.js';
import { clientOptionsFromQuery } from './client-options.js';
import { bindConnectionIndicator } from './connection-indicator.js';
import {
  bindFilterForm,
  filtersFromQuery,
  matchesFilters,
  queryWithFilters,
  updateLeagueOptions,
} from './filters.js';
import { createGameCard } from './game-card.js';
import { describeScore, updateGameFields } from './game-fields.js';
import { statusGroup } from './format.js';
import { createLogger } from './log.js';
import {
  addFollowButtons,
  bindFollowButtons,
  createMyTeams,
  followsGame,
  onOtherTabChange,
  updateFollowButtons,
} from './my-teams.js';

const log = createLogger('scoreboard');

const GROUPS = ['live', 'upcoming', 'final'];

const cards = new Map();

/** The last `games` state, or null before the first one arrives. */
let latestGames = null;

let filters = filtersFromQuery();

const myTeams = createMyTeams();

const lists = Object.fromEntries(
  GROUPS.map((group) => [
    group,
    document.querySelector(`[data-group="${group}"] [data-role="game-list"]`),
  ]),
);

const notice = document.querySelector('[data-role="notice"]');

const filterForm = document.querySelector('[data-role="filters"]');

const announcer = createAnnouncer(
  document.querySelector('[data-role="announcements"]'),
);

/**
 * Orders games of followed teams first, then by start and id. The order
 * stays stable between renders, so cards move only when it changes.
 */
function compareGames(a, b) {
  if (a.followed !== b.followed) {
    return a.followed ? -1 : 1;
  }
  const byStart = String(a.game.start ?? '').localeCompare(
    String(b.game.start ?? ''),
  );
  return byStart !== 0
    ? byStart
    : String(a.game.id).localeCompare(String(b.game.id));
}

/**
 * Moves only the cards that are out of place, so a card that keeps its
 * position is never detached and its animation and focus survive.
 * Filtered-out cards keep their place but are hidden.
 */
function placeCards(list, entries) {
  entries.forEach(({ game, visible }, index) => {
    const card = cards.get(game.id);
    if (list.children[index] !== card) {
      list.insertBefore(card, list.children[index] ?? null);
    }
    if (card.hidden === visible) {
      card.hidden = !visible;
    }
  });
  list.closest('section').hidden = !entries.some((entry) => entry.visible);
}

function removeMissingCards(games) {
  for (const [id, card] of cards) {
    if (!Object.hasOwn(games, id)) {
      card.remove();
      cards.delete(id);
    }
  }
}

/** Returns the games of the state, each with its key as its id. */
function gamesWithIds(games) {
  return Object.entries(games ?? {}).map(([id, game]) =>
    game.id === id ? game : { ...game, id },
  );
}

function getOrCreateCard(id) {
  let card = cards.get(id);
  if (!card) {
    card = createGameCard(id);
    addFollowButtons(card);
    cards.set(id, card);
  }
  return card;
}

function renderGames(games, info) {
  latestGames = games ?? {};
  for (const game of gamesWithIds(latestGames)) {
    const card = getOrCreateCard(game.id);
    const { scoreChanged, statusChanged } = updateGameFields(card, game);
    const visible = matchesFilters(game, filters, followsGame(game, myTeams));
    if ((scoreChanged || statusChanged) && visible) {
      announcer.announce(game.id, describeScore(game));
    }
  }
  removeMissingCards(latestGames);
  updateLeagueOptions(
    filterForm.elements.league,
    gamesWithIds(latestGames).map((game) => game.league),
  );
  arrangeCards();
  log('rendered', { type: info.type, seq: info.seq, games: cards.size });
}

/** Sorts, filters and marks every card from the latest state. */
function arrangeCards() {
  if (latestGames === null) {
    return;
  }
  const grouped = { live: [], upcoming: [], final: [] };
  let visibleCount = 0;
  for (const game of gamesWithIds(latestGames)) {
    const followed = updateFollowButtons(cards.get(game.id), game, myTeams);
    const visible = matchesFilters(game, filters, followed);
    visibleCount += visible ? 1 : 0;
    grouped[statusGroup(game.status)].push({ game, followed, visible });
  }

  for (const group of GROUPS) {
    grouped[group].sort(compareGames);
    placeCards(lists[group], grouped[group]);
  }
  updateNotice(visibleCount);
}

function updateNotice(visibleCount) {
  let text = '';
  if (cards.size === 0) {
    text = 'No games right now.';
  } else if (visibleCount === 0) {
    text = filters.mine
      ? 'No games of your teams match these filters.'
      : 'No games match these filters.';
  }
  notice.hidden = text === '';
  notice.textContent = text;
}

function applyFilters(newFilters) {
  filters = newFilters;
  const query = queryWithFilters(location.search, filters);
  if (query !== location.search) {
    history.replaceState(history.state, '', `${location.pathname}${query}`);
  }
  arrangeCards();
  log('filters', filters);
}

bindFilterForm(filterForm, filters, applyFilters);
bindFollowButtons(document.querySelector('main'), myTeams, arrangeCards);
onOtherTabChange(myTeams, arrangeCards);

const client = connect(clientOptionsFromQuery());
bindConnectionIndicator(document.querySelector('[data-role="connection"]'), client);
client.on('error', (error) => log('error event', error));
client.subscribe('games', renderGames);
