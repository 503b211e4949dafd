/** The chat panel's newer words in each language Beckon speaks; the rest are English for now. */
const STRINGS: Record<'en' | 'de' | 'fr', { newChat: string }> = {
  en: { newChat: 'Start a new chat' },
  de: { newChat: 'Neuen Chat beginnen' },
  fr: { newChat: 'Nouvelle conversation' },
};

export type ChatStrings = (typeof STRINGS)['en'];

/** The words for a language tag like `de-CH`, English when Beckon does not speak it. */
export function chatStrings(languageTag: string): ChatStrings {
  const base = languageTag.toLowerCase().split('-')[0] ?? 'en';
  return base in STRINGS ? STRINGS[base as keyof typeof STRINGS] : STRINGS.en;
}
