/**
 * Scoreboard filters by date, league and followed teams. They are kept in
 * the page's query string (`?date=2020-12-22&league=nba&mine=1`), so a link
 * reproduces the view, and they apply to the channel state in the browser,
 * so games that match keep updating.
 *
 * @module filters
 */

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Filter values that show every game. */
export const NO_FILTERS = Object.freeze({ date: '', league: '', mine: false });

/**
 * Reads the filters from a query string. An invalid date is ignored.
 *
 * @param {string} [search=location.search] the query string
 * @returns {{date: string, league: string, mine: boolean}} the filters,
 *   with an empty date or league for "all"
 */
export function filtersFromQuery(search = globalThis.location.search) {
  const params = new URLSearchParams(search);
  const date = params.get('date') ?? '';
  return {
    date: DATE_PATTERN.test(date) ? date : '',
    league: params.get('league') ?? '',
    mine: params.get('mine') === '1',
  };
}

/**
 * Returns `search` with the filter parameters set from `filters`, or
 * removed where a filter shows everything. Other parameters, such as the
 * client's `transport` and `debug`, are kept.
 *
 * @param {string} search the current query string
 * @param {{date: string, league: string, mine: boolean}} filters
 * @returns {string} the new query string, with a leading `?` unless empty
 */
export function queryWithFilters(search, filters) {
  const params = new URLSearchParams(search);
  setOrDelete(params, 'date', filters.date);
  setOrDelete(params, 'league', filters.league);
  setOrDelete(params, 'mine', filters.mine ? '1' : '');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

function setOrDelete(params, name, value) {
  if (value) {
    params.set(name, value);
  } else {
    params.delete(name);
  }
}

const localDateFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Returns the calendar date of an instant in the viewer's time zone, the
 * zone that the browser reports to Intl.DateTimeFormat.
 *
 * @param {string} isoInstant an ISO 8601 instant
 * @returns {string} the date as YYYY-MM-DD, empty when the instant is invalid
 */
export function localDate(isoInstant) {
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) {
    return '';
  }
  const parts = {};
  for (const part of localDateFormat.formatToParts(instant)) {
    parts[part.type] = part.value;
  }
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Tells whether a game passes the filters.
 *
 * @param {object} game a game as the protocol defines it
 * @param {{date: string, league: string, mine: boolean}} filters
 * @param {boolean} followed whether the viewer follows a team of the game
 * @returns {boolean} true when the game is to be shown
 */
export function matchesFilters(game, filters, followed) {
  if (filters.league && game.league !== filters.league) {
    return false;
  }
  if (filters.date && localDate(game.start) !== filters.date) {
    return false;
  }
  return !filters.mine || followed;
}

/**
 * Binds the filter form: sets its controls from `initial`, then calls
 * `onChange` with the new filters whenever a control changes or the form
 * is reset. The form's controls are named `date`, `league` and `mine`.
 *
 * @param {HTMLFormElement} form the filter form
 * @param {{date: string, league: string, mine: boolean}} initial
 * @param {function({date: string, league: string, mine: boolean}): void}
 *   onChange
 */
export function bindFilterForm(form, initial, onChange) {
  const { date, league, mine } = form.elements;
  date.value = initial.date;
  ensureLeagueOption(league, initial.league);
  league.value = initial.league;
  mine.checked = initial.mine;

  const read = () => ({
    date: DATE_PATTERN.test(date.value) ? date.value : '',
    league: league.value,
    mine: mine.checked,
  });
  form.addEventListener('change', () => onChange(read()));
  form.addEventListener('submit', (event) => event.preventDefault());
  // The reset event fires before the controls get their default values.
  form.addEventListener('reset', () => setTimeout(() => onChange(read())));
}

/**
 * Sets the league options to "All leagues" and the leagues present, in
 * alphabetical order. The selected league stays listed even when none of
 * its games is present, so a shared link keeps showing its choice.
 * Options are rebuilt only when the list changes, so an open select is
 * not disturbed.
 *
 * @param {HTMLSelectElement} select the league select
 * @param {Iterable<string>} leagues the league ids of the current games
 */
export function updateLeagueOptions(select, leagues) {
  const leagueIds = new Set(leagues);
  if (select.value) {
    leagueIds.add(select.value);
  }
  const sorted = [...leagueIds].filter(Boolean).sort();
  const current = [...select.options].slice(1).map((option) => option.value);
  if (current.join('\n') === sorted.join('\n')) {
    return;
  }
  const selected = select.value;
  select.replaceChildren(leagueOption('', 'All leagues'));
  for (const league of sorted) {
    select.append(leagueOption(league, league.toUpperCase()));
  }
  select.value = selected;
}

function ensureLeagueOption(select, league) {
  if (league && ![...select.options].some((option) => option.value === league)) {
    select.append(leagueOption(league, league.toUpperCase()));
  }
}

function leagueOption(value, label) {
  const option = document.createElement('option');
  option.value = value;
  option.textContent = label;
  return option;
}
