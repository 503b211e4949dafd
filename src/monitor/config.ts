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
  dsl: 'object',
  dslResource: 'string',
  visitTimeoutMinutes: 'number',
  trackSpa: 'boolean',
  trackHash: 'boolean',
  requireConsent: 'boolean',
  respectDoNotTrack: 'boolean',
  languageCode: 'string',
  debug: 'boolean',
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
    else if (
      value !== undefined &&
      (typeof value !== kind || value === null || Array.isArray(value))
    )
      problems.push([key, `'${key}' must be a ${kind}`]);
    else if (key === 'visitTimeoutMinutes' && !((value as number) > 0))
      problems.push([key, `'visitTimeoutMinutes' must be a positive number`]);
  }
  return problems;
}

/**
 * Without a prototype, a key the site left out is undefined even on a page whose Object.prototype
 * was polluted: otherwise `Object.prototype.endpoint = …` would send every event, visit key
 * included, to whoever polluted it.
 */
export function resolveConfig(given: Config, scriptOrigin: string): ResolvedConfig {
  const own: Config = Object.assign(Object.create(null), DEFAULTS, given);
  own.endpoint = (own.endpoint ?? scriptOrigin).replace(/\/+$/, '');
  return own as ResolvedConfig;
}
