/**
 * Debug logging for the page modules, off by default. Turn it on per
 * module with `localStorage.courtsideDebug = 'scoreboard,game'` (a
 * comma-separated list of module names, or `*` for all) and reload.
 *
 * @module log
 */

function enabledModules() {
  try {
    const setting = globalThis.localStorage?.getItem('courtsideDebug') ?? '';
    return setting.split(',').map((name) => name.trim());
  } catch {
    // Storage can be blocked by the browser's privacy settings.
    return [];
  }
}

/**
 * Creates a debug logger for one module. The setting is read once, here.
 *
 * @param {string} moduleName the name to enable it by, such as `game`
 * @returns {(...args: *[]) => void} a function that logs with
 *   `console.debug` when enabled and does nothing otherwise
 */
export function createLogger(moduleName) {
  const modules = enabledModules();
  if (!modules.includes(moduleName) && !modules.includes('*')) {
    return () => {};
  }
  const prefix = `[courtside:${moduleName}]`;
  return (...args) => console.debug(prefix, ...args);
}
