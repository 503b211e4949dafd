/** The chat panel's newer words in each language Beckon speaks; the rest are English for now. */
const STRINGS: Record<
  'en' | 'de' | 'fr',
  { newChat: string; sending: string; sent: string; notSent: string }
> = {
  en: { newChat: 'Start a new chat', sending: 'Sending…', sent: 'Sent', notSent: 'Not sent' },
  de: {
    newChat: 'Neuen Chat beginnen',
    sending: 'Wird gesendet…',
    sent: 'Gesendet',
    notSent: 'Nicht gesendet',
  },
  fr: {
    newChat: 'Nouvelle conversation',
    sending: 'Envoi…',
    sent: 'Envoyé',
    notSent: 'Non envoyé',
  },
};

export type ChatStrings = (typeof STRINGS)['en'];

/** The words for a language tag like `de-CH`, English when Beckon does not speak it. */
export function chatStrings(languageTag: string): ChatStrings {
  const base = languageTag.toLowerCase().split('-')[0] ?? 'en';
  return base in STRINGS ? STRINGS[base as keyof typeof STRINGS] : STRINGS.en;
}
