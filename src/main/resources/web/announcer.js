/**
 * Screen reader announcements through a polite `aria-live` region,
 * limited per key (a game id), so a fast game is announced at most once
 * per interval instead of on every change.
 *
 * @module announcer
 */

const KEPT_ANNOUNCEMENTS = 5;

/**
 * Creates an announcer that appends a paragraph to `region` for each
 * announcement. Within `minIntervalMs` of a key's last announcement, a
 * new text replaces any pending one and is announced when the interval
 * ends, so the last score is always announced.
 *
 * @param {HTMLElement} region an element with `aria-live="polite"`
 * @param {object} [options]
 * @param {number} [options.minIntervalMs=5000] minimum time between two
 *   announcements of the same key
 * @returns {{announce: (key: string, text: string) => void}} the announcer
 */
export function createAnnouncer(region, { minIntervalMs = 5000 } = {}) {
  const lastAt = new Map();
  const pending = new Map();

  function write(key, text) {
    lastAt.set(key, Date.now());
    const paragraph = document.createElement('p');
    paragraph.textContent = text;
    region.append(paragraph);
    while (region.childElementCount > KEPT_ANNOUNCEMENTS) {
      region.firstElementChild.remove();
    }
  }

  function announce(key, text) {
    const waitMs = (lastAt.get(key) ?? -Infinity) + minIntervalMs - Date.now();
    if (waitMs <= 0 && !pending.has(key)) {
      write(key, text);
      return;
    }
    const timerAlreadySet = pending.has(key);
    pending.set(key, text);
    if (timerAlreadySet) {
      return;
    }
    setTimeout(() => {
      const latest = pending.get(key);
      pending.delete(key);
      write(key, latest);
    }, Math.max(0, waitMs));
  }

  return { announce };
}
