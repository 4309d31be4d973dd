/**
 * Client options a page takes from its own address, for testing and
 * debugging: `?transport=sse` (or `ws`, `poll`, or a comma-separated
 * list) forces the transports, and `?debug=client` turns on the
 * client's logging.
 *
 * @module client-options
 */

const KNOWN_TRANSPORTS = ['ws', 'sse', 'poll'];

/**
 * Reads client options from a query string. Unknown transport names are
 * dropped, and with none left the client's default order applies.
 *
 * @param {string} [search=location.search] the query string
 * @returns {{transports?: string[], debug?: boolean}} options for connect()
 */
export function clientOptionsFromQuery(search = globalThis.location.search) {
  const params = new URLSearchParams(search);
  const options = {};
  const transports = (params.get('transport') ?? '')
    .split(',')
    .filter((name) => KNOWN_TRANSPORTS.includes(name));
  if (transports.length > 0) {
    options.transports = transports;
  }
  if (params.get('debug') === 'client') {
    options.debug = true;
  }
  return options;
}
