/**
 * A widget's words in the visitor's language: the table for a tag like `de-CH` (its base, `de`),
 * else English. `base` is the tag's first part, lower-case.
 */
export function wordsFor<T>(tables: { en: T } & Record<string, T>, languageTag: string) {
  const base = languageTag.toLowerCase().split('-')[0] ?? 'en';
  return { base, words: (Object.hasOwn(tables, base) ? tables[base] : tables.en) as T };
}
