/**
 * Whether events may be kept and sent.
 * - `granted`: tracked, stored, sent.
 * - `pending`: consent is required and not yet given; events wait in memory, nothing is stored or sent.
 * - `denied`: the visitor said no (or Do Not Track is honoured); nothing is recorded.
 */
export type ConsentState = 'granted' | 'pending' | 'denied';

export const CONSENT_KEY = 'beckon.consent';

export function initialConsent(options: {
  requireConsent: boolean;
  respectDoNotTrack: boolean;
  doNotTrack: boolean;
  remembered: string | null;
}): ConsentState {
  if (options.respectDoNotTrack && options.doNotTrack) return 'denied';
  if (options.remembered === 'granted') return 'granted';
  if (options.remembered === 'denied') return 'denied';
  return options.requireConsent ? 'pending' : 'granted';
}

export function browserDoNotTrack(nav: Navigator): boolean {
  const withGpc = nav as Navigator & { globalPrivacyControl?: boolean };
  return nav.doNotTrack === '1' || withGpc.globalPrivacyControl === true;
}
