/**
 * The game page at `/games/{id}`: header with teams and score, the line
 * score, and the plays, live from the `game:{id}` channel with older
 * plays loaded from the REST history as the reader scrolls.
 *
 * @module game
 */

import { connect } from './client/courtside.js';
import { createAnnouncer } from './announcer.js';
import { clientOptionsFromQuery } from './client-options.js';
import { bindConnectionIndicator } from './connection-indicator.js';
import { describeScore, teamLabel, updateGameFields } from './game-fields.js';
import { updateLineScore } from './line-score.js';
import { createLogger } from './log.js';
import { PlayList } from './play-list.js';

const log = createLogger('game');

// A channel name has at most 100 characters, 5 of them for "game:".
const GAME_ID_PATTERN = /^[A-Za-z0-9:_.-]{1,95}$/;

const notice = document.querySelector('[data-role="notice"]');
const header = document.querySelector('[data-role="game-header"]');
const lineScore = document.querySelector('[data-role="line-score"]');
const sections = document.querySelectorAll(
  '[data-role="line-score-section"], [data-role="plays-section"]',
);

/**
 * Returns the game id from `/games/{id}`, or from `?id=` when the page is
 * opened as `/game.html`. Returns null when neither contains a valid id.
 */
function readGameId() {
  const match = /^\/games\/([^/]+)\/?$/.exec(location.pathname);
  let id = new URLSearchParams(location.search).get('id');
  if (match) {
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      id = null;
    }
  }
  return id !== null && GAME_ID_PATTERN.test(id) ? id : null;
}

async function fetchPlaysPage(gameId, before, limit) {
  const url = new URL(
    `/api/games/${encodeURIComponent(gameId)}/plays`,
    location.origin,
  );
  if (before !== undefined) {
    url.searchParams.set('before', String(before));
  }
  url.searchParams.set('limit', String(limit));
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`GET ${url.pathname} failed with status ${response.status}`);
  }
  return response.json();
}

function showNotice(text) {
  notice.textContent = text;
  notice.hidden = false;
}

function updateTitle(game) {
  const away = teamLabel(game.away) || 'Away';
  const home = teamLabel(game.home) || 'Home';
  const score =
    game.status === 'scheduled'
      ? `${away} at ${home}`
      : `${away} ${game.away?.score ?? 0}–${game.home?.score ?? 0} ${home}`;
  const title = `${score}: Courtside`;
  if (document.title !== title) {
    document.title = title;
  }
}

function startGamePage(gameId) {
  header.dataset.gameId = gameId;
  const announcer = createAnnouncer(
    document.querySelector('[data-role="announcements"]'),
  );
  const plays = new PlayList({
    list: document.querySelector('[data-role="plays"]'),
    sentinel: document.querySelector('[data-role="load-more"]'),
    fetchPage: (before, limit) => fetchPlaysPage(gameId, before, limit),
  });

  function render(state, info) {
    const game = state?.game;
    if (!game) {
      log('state without game', info);
      return;
    }
    notice.hidden = true;
    header.hidden = false;
    sections.forEach((section) => {
      section.hidden = false;
    });

    const { scoreChanged, statusChanged } = updateGameFields(header, game);
    if (scoreChanged || statusChanged) {
      announcer.announce(gameId, describeScore(game));
    }
    updateLineScore(lineScore, game);
    updateTitle(game);
    plays.setGame(game);
    plays.applyLive(state.plays);
    plays.startHistory();
    log('rendered', { type: info.type, seq: info.seq });
  }

  const client = connect(clientOptionsFromQuery());
  bindConnectionIndicator(
    document.querySelector('[data-role="connection"]'),
    client,
  );
  client.on('error', (error) => {
    log('error event', error);
    if (!error.retry && header.hidden) {
      showNotice(`Could not load game ${gameId}: ${error.message}`);
    }
  });
  client.subscribe(`game:${gameId}`, render);
}

const gameId = readGameId();
if (gameId === null) {
  showNotice('This address does not name a game. Pick one from the scoreboard.');
} else {
  startGamePage(gameId);
}
