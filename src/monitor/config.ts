import type { Config } from '../protocol/config.ts';

/** What the tracker runs with when the snippet leaves a key out. */
export const DEFAULTS = {
  visitTimeoutMinutes: 30,
  trackSpa: true,
  trackHash: false,
  requireConsent: false,
  respectDoNotTrack: false,
  debug: false,
} satisfies Config;

type Defaulted = keyof typeof DEFAULTS;
/** The config with every default filled in and the endpoint resolved. */
export type ResolvedConfig = Omit<Config, Defaulted | 'endpoint'> &
  Required<Pick<Config, Defaulted>> & { endpoint: string };

type Kind = 'string' | 'boolean' | 'number' | 'object' | 'array';
/** Keyed by the schema's own keys, so a key added to `Config` must be added here too. */
const KINDS: { [K in keyof Config]-?: Kind } = {
  endpoint: 'string',
  httpEndpoint: 'string',
  httpsEndpoint: 'string',
  disableWebSockets: 'boolean',
  dsl: 'object',
  dslResource: 'string',
  visitTimeoutMinutes: 'number',
  trackSpa: 'boolean',
  trackHash: 'boolean',
  requireConsent: 'boolean',
  respectDoNotTrack: 'boolean',
  languageCode: 'string',
  debug: 'boolean',
  theme: 'object',
  launcher: 'object',
  invitation: 'object',
  adapter: 'string',
  frame: 'object',
  gms: 'object',
  contentOrigins: 'array',
};

/**
 * The problems with a `config` object as `[key, problem]` pairs; the tracker keeps the good keys and
 * logs the rest. The DSL's inner shape is checked by dsl/check.ts when it loads; `invitation`,
 * `frame` and `contentOrigins` by the engage chunk's schemas when an invitation comes.
 */
export function configProblems(input: Record<string, unknown>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(input)) {
    const kind = KINDS[key as keyof Config];
    if (!kind) problems.push([key, `unknown key '${key}'`]);
    else if (value === undefined) continue;
    else if (
      kind === 'array'
        ? !Array.isArray(value)
        : typeof value !== kind || value === null || Array.isArray(value)
    )
      problems.push([key, `'${key}' must be a${kind === 'array' ? 'n' : ''} ${kind}`]);
    else if (
      key === 'visitTimeoutMinutes' &&
      !((value as number) > 0 && Number.isFinite(value as number))
    )
      problems.push([key, `'visitTimeoutMinutes' must be a positive number`]);
  }
  return problems;
}

/**
 * The endpoint is `endpoint`, else GWE's `httpEndpoint`/`httpsEndpoint` for the page's protocol,
 * else the origin beckon.js came from.
 *
 * Without a prototype, a key the site left out is undefined even on a page whose Object.prototype
 * was polluted: otherwise `Object.prototype.endpoint = …` would send every event, visit key
 * included, to whoever polluted it.
 */
export function resolveConfig(
  given: Config,
  scriptOrigin: string,
  pageProtocol?: string,
): ResolvedConfig {
  const own: Config = Object.assign(Object.create(null), DEFAULTS, given);
  // GWE's pair: the page's protocol picks; an http page may use the https one, not the reverse
  // (the browser would block it as mixed content), so an https page without its own falls back.
  const gwe =
    pageProtocol === 'https:' ? own.httpsEndpoint : (own.httpEndpoint ?? own.httpsEndpoint);
  own.endpoint = (own.endpoint ?? gwe ?? scriptOrigin).replace(/\/+$/, '');
  return own as ResolvedConfig;
}
