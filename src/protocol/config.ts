import * as z from 'zod/mini';
import { Dsl } from './dsl.ts';
import { AdapterName, EngagementType } from './notification.ts';

const Colour = z.string().check(z.maxLength(64));

/** Where a floating widget sits: a corner, or the centre. */
export const Placement = z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center']);
export type Placement = z.infer<typeof Placement>;

const ThemeColors = z.object({
  accent: z.optional(Colour),
  background: z.optional(Colour),
  text: z.optional(Colour),
});

/**
 * The site's identity in every widget: its name and logo in the panels' headers, its colours in the
 * panels and the invitation (the invitation's own `colors` win there). The accent is the headers'
 * background under white text: pick one dark enough to read.
 */
export const Theme = z.object({
  name: z.optional(z.string().check(z.maxLength(80))),
  /** An image's http(s) URL or a path on the site; shown 28 px high beside the name. */
  logo: z.optional(z.string().check(z.maxLength(2000))),
  colors: z.optional(ThemeColors),
});
export type Theme = z.infer<typeof Theme>;

/**
 * The launcher: a round button in a corner, in the theme's accent, that brings back a minimised
 * conversation (with its unread count) or starts a new one.
 */
export const LauncherConfig = z.object({
  /**
   * `conversation` (default): once the visitor has had a conversation in this visit; `always`: on
   * every page; `never`.
   */
  show: z.optional(z.enum(['conversation', 'always', 'never'])),
  /** What a click starts when no conversation runs (default `chat`, through config `adapter`). */
  type: z.optional(EngagementType),
  adapter: z.optional(AdapterName),
  scenario: z.optional(z.string().check(z.maxLength(40))),
  position: z.optional(z.enum(['bottom-right', 'bottom-left'])),
  /** Its name for screen readers and its tooltip; default: "Chat with us" in the visitor's language. */
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
});
export type LauncherConfig = z.infer<typeof LauncherConfig>;

/** Look and words of the native invitation overlay. */
export const InvitationConfig = z.object({
  /** `en`, `de` or `fr`; default: the page's `lang`, else English. */
  language: z.optional(z.string()),
  /** Replace any built-in string, e.g. `{accept: "Let's talk"}`. */
  strings: z.optional(z.record(z.string(), z.string().check(z.maxLength(200)))),
  position: z.optional(Placement),
  colors: z.optional(ThemeColors),
  /** Corner radius in CSS pixels. */
  corner: z.optional(z.number().check(z.gte(0), z.lte(40))),
});
export type InvitationConfig = z.infer<typeof InvitationConfig>;

/** The `frame` media adapter: a partner's chat or callback page shown in an iframe panel or a popup. */
export const FrameConfig = z.object({
  url: z.string().check(z.regex(/^https?:\/\//, 'must be an absolute http(s) URL')),
  mode: z.optional(z.enum(['panel', 'popup'])),
  title: z.optional(z.string()),
});
export type FrameConfig = z.infer<typeof FrameConfig>;

/** The `gms` adapter: Genesys Mobile Services chat and callback. */
export const GmsAdapterConfig = z.object({
  /** GMS base URL; default: the engagement server, which speaks the same API. */
  baseUrl: z.optional(z.string()),
  chatService: z.optional(z.string()),
  callbackService: z.optional(z.string()),
  /** Scenario when the offer names none (default CHAT-NOW). */
  scenario: z.optional(z.string()),
  /** Sent as the `apikey` header (GMS behind Apigee). Not passed to the popup. */
  apikey: z.optional(z.string()),
  /** `panel` (default) floats on the page; `popup` opens chat.html, beside beckon.js, in a window. */
  mode: z.optional(z.enum(['panel', 'popup'])),
  /**
   * How often a chat asks GMS for what is new (default 2). Beckon's own service also says so on the
   * visit's stream, at once; a real GMS is only polled.
   */
  pollSeconds: z.optional(z.number().check(z.gte(0.5), z.lte(300))),
  /** The chat asks the visitor's name and does not start without it (default: the name is optional). */
  requireName: z.optional(z.boolean()),
});
export type GmsAdapterConfig = z.infer<typeof GmsAdapterConfig>;

/**
 * `_gt.push(['config', {...}])`. Every key is optional; defaults are in src/monitor/config.ts. A key
 * not listed here is a mistake the core names in the console, so the schema refuses it too.
 */
export const Config = z.strictObject({
  /** Engagement server base URL; defaults to the origin beckon.js was loaded from. */
  endpoint: z.optional(z.string()),
  /** GWE's snippet keys: the engagement server for pages served over http and over https; `endpoint` wins over both. */
  httpEndpoint: z.optional(z.string()),
  httpsEndpoint: z.optional(z.string()),
  /** GWE's switch to long polling. Beckon's notifications never use WebSockets (Server-Sent Events over HTTP), so it changes nothing. */
  disableWebSockets: z.optional(z.boolean()),
  dsl: z.optional(Dsl),
  /** URL of a DSL: JSON in the shape of `Dsl`, or a GWE domain-model.xml. */
  dslResource: z.optional(z.string()),
  visitTimeoutMinutes: z.optional(z.number().check(z.positive())),
  trackSpa: z.optional(z.boolean()),
  /** Also treat `hashchange` as a new page view (for hash-routed single-page apps). */
  trackHash: z.optional(z.boolean()),
  requireConsent: z.optional(z.boolean()),
  respectDoNotTrack: z.optional(z.boolean()),
  languageCode: z.optional(z.string()),
  debug: z.optional(z.boolean()),
  theme: z.optional(Theme),
  launcher: z.optional(LauncherConfig),
  invitation: z.optional(InvitationConfig),
  /** The media adapter an accepted invitation opens when the offer names none. */
  adapter: z.optional(z.string()),
  frame: z.optional(FrameConfig),
  gms: z.optional(GmsAdapterConfig),
  /** Origins allowed to serve `gpe.appendContent` invitation pages (the endpoint's is always allowed). */
  contentOrigins: z.optional(z.array(z.string())),
});
export type Config = z.infer<typeof Config>;
