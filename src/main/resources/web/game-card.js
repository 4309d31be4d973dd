/**
 * One game's card on the scoreboard: a link to the game page with both
 * teams, the score, the period, the clock or start time, the status and
 * the last play. The card is built once per game and then updated in
 * place by game-fields.js.
 *
 * @module game-card
 */

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function teamRow(side) {
  return element('div', { class: 'team', 'data-side': side }, [
    element('span', { class: 'team-short', 'data-role': `${side}-short` }),
    element('span', { class: 'team-name', 'data-role': `${side}-name` }),
    element('span', { class: 'score', 'data-role': `${side}-score` }),
  ]);
}

/**
 * Creates the card of a game, with empty fields for updateGameFields().
 *
 * @param {string} gameId the game id, used for `data-game-id` and the link
 * @returns {HTMLLIElement} the card, a list item
 */
export function createGameCard(gameId) {
  const stale = element(
    'span',
    {
      class: 'badge badge-stale',
      'data-role': 'stale',
      title: 'The feed for this game is failing, so the score may be late.',
    },
    ['Stale'],
  );
  stale.hidden = true;

  const lastPlay = element('p', { class: 'last-play', 'data-role': 'last-play' });
  lastPlay.hidden = true;

  const state = element('div', { class: 'game-state' }, [
    element('span', { class: 'status', 'data-role': 'status' }),
    element('span', { class: 'period', 'data-role': 'period' }),
    element('span', { class: 'clock', 'data-role': 'clock' }),
    element('time', { class: 'start', 'data-role': 'start' }),
    stale,
  ]);

  const link = element(
    'a',
    { class: 'game-link', href: `/games/${encodeURIComponent(gameId)}` },
    [teamRow('away'), teamRow('home'), state, lastPlay],
  );
  return element('li', { class: 'game', 'data-game-id': gameId }, [link]);
}
