/**
 * The scoreboard page: every game of the `games` channel, grouped as live
 * (with halftime), upcoming and final, updated in place as deltas arrive.
 *
 * @module app
 */

import { connect } from './client/courtside.js';
import { createAnnouncer } from './announcer.js';
import { clientOptionsFromQuery } from './client-options.js';
import { bindConnectionIndicator } from './connection-indicator.js';
import { createGameCard } from './game-card.js';
import { describeScore, updateGameFields } from './game-fields.js';
import { statusGroup } from './format.js';
import { createLogger } from './log.js';

const log = createLogger('scoreboard');

const GROUPS = ['live', 'upcoming', 'final'];

const cards = new Map();

const lists = Object.fromEntries(
  GROUPS.map((group) => [
    group,
    document.querySelector(`[data-group="${group}"] [data-role="game-list"]`),
  ]),
);

const notice = document.querySelector('[data-role="notice"]');

const announcer = createAnnouncer(
  document.querySelector('[data-role="announcements"]'),
);

function compareGames(a, b) {
  const byStart = String(a.start ?? '').localeCompare(String(b.start ?? ''));
  return byStart !== 0 ? byStart : String(a.id).localeCompare(String(b.id));
}

/**
 * Moves only the cards that are out of place, so a card that keeps its
 * position is never detached and its animation and focus survive.
 */
function placeCards(list, games) {
  games.forEach((game, index) => {
    const card = cards.get(game.id);
    if (list.children[index] !== card) {
      list.insertBefore(card, list.children[index] ?? null);
    }
  });
  list.closest('section').hidden = games.length === 0;
}

function removeMissingCards(games) {
  for (const [id, card] of cards) {
    if (!Object.hasOwn(games, id)) {
      card.remove();
      cards.delete(id);
    }
  }
}

function renderGames(games, info) {
  const grouped = { live: [], upcoming: [], final: [] };
  for (const [id, game] of Object.entries(games ?? {})) {
    // A game's id is its key in the channel state.
    const withId = game.id === id ? game : { ...game, id };
    grouped[statusGroup(withId.status)].push(withId);

    let card = cards.get(id);
    if (!card) {
      card = createGameCard(id);
      cards.set(id, card);
    }
    const { scoreChanged, statusChanged } = updateGameFields(card, withId);
    if (scoreChanged || statusChanged) {
      announcer.announce(id, describeScore(withId));
    }
  }
  removeMissingCards(games ?? {});

  for (const group of GROUPS) {
    grouped[group].sort(compareGames);
    placeCards(lists[group], grouped[group]);
  }

  const count = cards.size;
  notice.hidden = count > 0;
  notice.textContent = count > 0 ? '' : 'No games right now.';
  log('rendered', { type: info.type, seq: info.seq, games: count });
}

const client = connect(clientOptionsFromQuery());
bindConnectionIndicator(document.querySelector('[data-role="connection"]'), client);
client.on('error', (error) => log('error event', error));
client.subscribe('games', renderGames);
