import { wordsFor } from '../language.ts';

/** The overlay's words. `language` picks a set; `strings` in config overrides any key. */
export const STRINGS = {
  en: {
    'chat.accept': 'Start chat',
    'callback.accept': 'Call me back',
    'message.accept': 'Write to us',
    decline: 'No thanks',
  },
  de: {
    'chat.accept': 'Chat starten',
    'callback.accept': 'Rückruf anfordern',
    'message.accept': 'Schreiben Sie uns',
    decline: 'Nein, danke',
  },
  fr: {
    'chat.accept': 'Démarrer le chat',
    'callback.accept': 'Me rappeler',
    'message.accept': 'Nous écrire',
    decline: 'Non merci',
  },
} as const;

export type StringKey = keyof (typeof STRINGS)['en'];

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'dv', 'ku']);

/** The strings for a language tag like `de-CH` (falling back to English), with overrides applied. */
export function stringsFor(languageTag: string, overrides: Record<string, string> = {}) {
  const { base, words } = wordsFor<Record<string, string>>(STRINGS, languageTag);
  const table = { ...words };
  for (const [key, value] of Object.entries(overrides)) if (key in table) table[key] = value;
  return {
    text: (key: StringKey) => table[key] ?? STRINGS.en[key],
    dir: RTL.has(base) ? ('rtl' as const) : ('ltr' as const),
  };
}
