/** The overlay's words. `language` picks a set; `strings` in config overrides any key. */
export const STRINGS = {
  en: {
    'chat.label': 'Invitation to chat',
    'chat.accept': 'Start chat',
    'callback.label': 'Invitation to a call back',
    'callback.accept': 'Call me back',
    decline: 'No thanks',
  },
  de: {
    'chat.label': 'Einladung zum Chat',
    'chat.accept': 'Chat starten',
    'callback.label': 'Einladung zum Rückruf',
    'callback.accept': 'Rückruf anfordern',
    decline: 'Nein, danke',
  },
  fr: {
    'chat.label': 'Invitation à discuter',
    'chat.accept': 'Démarrer le chat',
    'callback.label': 'Invitation à être rappelé',
    'callback.accept': 'Me rappeler',
    decline: 'Non merci',
  },
} as const;

export type StringKey = keyof (typeof STRINGS)['en'];
type Language = keyof typeof STRINGS;

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'dv', 'ku']);

/** The strings for a language tag like `de-CH` (falling back to English), with overrides applied. */
export function stringsFor(languageTag: string, overrides: Record<string, string> = {}) {
  const base = languageTag.toLowerCase().split('-')[0] ?? 'en';
  const table: Record<string, string> = { ...STRINGS[(base in STRINGS ? base : 'en') as Language] };
  for (const [key, value] of Object.entries(overrides)) if (key in table) table[key] = value;
  return {
    text: (key: StringKey) => table[key] ?? STRINGS.en[key],
    dir: RTL.has(base) ? ('rtl' as const) : ('ltr' as const),
  };
}
