/**
 * Text forms of game fields: period, clock, status and start time.
 *
 * @module format
 */

const STATUS_LABELS = {
  scheduled: 'Scheduled',
  live: 'Live',
  halftime: 'Halftime',
  final: 'Final',
  postponed: 'Postponed',
  suspended: 'Suspended',
  cancelled: 'Cancelled',
};

/**
 * Formats a period number: Q1 to Q4 for four regulation periods, H1 and H2
 * for two, P1 to P3 for three, then OT, 2OT, 3OT and so on.
 *
 * @param {number} period the period, from 1
 * @param {number} [regulationPeriods=4] periods before overtime
 * @returns {string} the label, empty when the period is unknown
 */
export function formatPeriod(period, regulationPeriods = 4) {
  if (!Number.isInteger(period) || period < 1) {
    return '';
  }
  const regulation = Number.isInteger(regulationPeriods) ? regulationPeriods : 4;
  if (period <= regulation) {
    const prefix = { 2: 'H', 4: 'Q' }[regulation] ?? 'P';
    return `${prefix}${period}`;
  }
  const overtime = period - regulation;
  return overtime === 1 ? 'OT' : `${overtime}OT`;
}

/**
 * Formats the clock as M:SS, and as 0:SS.t (with tenths) under a minute.
 * Digits are truncated, not rounded, as a game clock shows them.
 *
 * @param {number|undefined} seconds seconds left in the period
 * @returns {string} the clock text, empty when the clock is unknown
 */
export function formatClock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  if (seconds >= 60) {
    const whole = Math.floor(seconds);
    const minutes = Math.floor(whole / 60);
    return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
  }
  // The small epsilon keeps 4.3 from showing as 4.2 after 4.3 * 10.
  const tenths = Math.floor(seconds * 10 + 1e-6);
  const whole = Math.floor(tenths / 10);
  return `0:${String(whole).padStart(2, '0')}.${tenths % 10}`;
}

/**
 * Formats a game's status, such as `Live`, `Final` or `Final/OT`.
 *
 * @param {{status: string, period?: number, regulationPeriods?: number}} game
 * @returns {string} the status label
 */
export function formatStatus(game) {
  const label = STATUS_LABELS[game.status] ?? String(game.status ?? '');
  const regulation = game.regulationPeriods ?? 4;
  if (game.status === 'final' && game.period > regulation) {
    return `${label}/${formatPeriod(game.period, regulation)}`;
  }
  return label;
}

/**
 * Returns the scoreboard group of a status. Halftime and suspended games
 * are in progress, so they stay with the live games, a postponed game is
 * still to be played, and a cancelled one is over.
 *
 * @param {string} status the game status
 * @returns {'live'|'upcoming'|'final'} the group
 */
export function statusGroup(status) {
  switch (status) {
    case 'live':
    case 'halftime':
    case 'suspended':
      return 'live';
    case 'final':
    case 'cancelled':
      return 'final';
    default:
      return 'upcoming';
  }
}

/**
 * Formats a start time in the viewer's time zone: the time alone on the
 * viewer's current day, with weekday and date otherwise.
 *
 * @param {string} isoInstant the start as an ISO 8601 instant
 * @param {Date} [now=new Date()] the current time
 * @returns {string} the local start time, empty when the instant is invalid
 */
export function formatStartTime(isoInstant, now = new Date()) {
  const start = new Date(isoInstant);
  if (Number.isNaN(start.getTime())) {
    return '';
  }
  const sameDay = start.toDateString() === now.toDateString();
  const options = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      };
  return new Intl.DateTimeFormat(undefined, options).format(start);
}
