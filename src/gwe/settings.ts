import type { Log } from '../monitor/log.ts';

/**
 * `window._gwc` as Beckon uses it: GWE 8.1 pages configured GWE's native chat widget through it
 * (gwe-gms.md §1.1). Beckon honours `userData` and `onReady`; the other keys GWE had are accepted
 * so a page need not change, and each gets one warning naming the Beckon way.
 *
 * Checked by hand, not with a zod schema: zod's record, union and function checks would land in
 * the chunk zod shares with the engage chunk, adding 0.7 KB to every page that engages.
 */
export interface GwcSettings {
  /** Joins the chat's attached data as strings; Beckon's own keys (visitID, pageID…) win. */
  userData: Record<string, string>;
  /** The page's own array: each is called with the chat API once a running chat is taken up. */
  onReady: unknown[];
}

/** `_gwc` settings Beckon cannot honour, each with what to do instead; `when` picks the values. */
const NOT_HONOURED: Array<{ path: string; when?: unknown; instead: string }> = [
  {
    path: 'serverUrl',
    instead:
      "Beckon's chat speaks GMS Chat API v2, not CometD: set gms.baseUrl in _gt's config (default: the engagement server)",
  },
  {
    path: 'widgetUrl',
    instead:
      "Beckon's chat widget is built in; a chat page of your own opens through the 'frame' adapter (config.frame.url)",
  },
  {
    path: 'templates',
    instead:
      "Beckon's chat panel keeps its own markup; a chat page of your own opens through the 'frame' adapter (config.frame.url)",
  },
  {
    path: 'localization',
    instead:
      "Beckon's chat panel speaks English only for now; a chat page of your own opens through the 'frame' adapter (config.frame.url)",
  },
  {
    path: 'embedded',
    when: false,
    instead:
      "Beckon's chat opens on the page; set gms.mode: 'popup' in _gt's config for a window of its own",
  },
  {
    path: 'autoRestore',
    when: false,
    instead: "Beckon always takes a running chat up again on the visit's next page",
  },
  {
    path: 'ui.onBeforeRegistration',
    instead:
      "Beckon's chat asks for the visitor's name itself; pass what the page knows in _gwc.userData",
  },
];

const KNOWN = new Set(['userData', 'onReady', 'ui', 'embedded', 'autoRestore']);
for (const { path } of NOT_HONOURED) KNOWN.add(path);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const valueAt = (settings: Record<string, unknown>, path: string) =>
  path
    .split('.')
    .reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), settings);

/**
 * GMS attached data: strings, with numbers and booleans written out. Says what it drops and why;
 * null when `data` is not an object at all.
 */
export function attachedData(
  data: unknown,
  where: string,
  log: Log,
): Record<string, string> | null {
  if (data === undefined) return {};
  if (!isPlainObject(data)) {
    log.error(`${where} must be an object of strings; ignored`);
    return null;
  }
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      strings[key] = String(value);
    else log.error(`${where}.${key} must be a string, number or boolean; left out`);
  }
  return strings;
}

/** The settings, each key Beckon does not honour warned about once; null if `_gwc` is unusable. */
export function readGwc(given: unknown, log: Log): GwcSettings | null {
  if (!isPlainObject(given)) {
    log.error("window._gwc must be an object; GWE's chat settings are ignored");
    return null;
  }
  for (const { path, when, instead } of NOT_HONOURED) {
    const value = valueAt(given, path);
    if (value !== undefined && (when === undefined || value === when))
      log.warn(`window._gwc.${path} is not used: ${instead}`);
  }
  for (const key of Object.keys(given))
    if (!KNOWN.has(key)) log.warn(`window._gwc.${key} is not a GWE chat setting; ignored`);
  const { onReady = [] } = given;
  if (!Array.isArray(onReady))
    log.error('window._gwc.onReady must be an array of functions; ignored');
  return {
    userData: attachedData(given.userData, 'window._gwc.userData', log) ?? {},
    onReady: Array.isArray(onReady) ? onReady : [],
  };
}
