import * as z from 'zod/mini';
import type { TrackedEvent } from '../../src/protocol/event.ts';
import { readConfigFile } from '../http/config-file.ts';

/** GWE's simple engagement model: a category is a set of tags searched in a page's URL or title. */
export const Category = z.object({
  name: z.string().check(z.minLength(1), z.regex(/^[^;]+$/, 'must not contain ";"')),
  tags: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});
export type Category = z.infer<typeof Category>;
export const CategoriesFile = z.object({ categories: z.array(Category) });

/** The `category` of an event: the names of every category with a tag in its URL or title, `;`-joined. */
export function categorize(
  event: Pick<TrackedEvent, 'url' | 'title'>,
  categories: readonly Category[],
): string | undefined {
  const haystack = `${event.url}\n${event.title}`.toLowerCase();
  const names = categories
    .filter((category) => category.tags.some((tag) => haystack.includes(tag.toLowerCase())))
    .map((category) => category.name);
  return names.length ? names.join(';') : undefined;
}

/** Reads and checks a categories file; a bad file stops start-up with a message naming the field. */
export async function loadCategories(path: string): Promise<Category[]> {
  return (await readConfigFile(path, CategoriesFile, 'categories')).categories;
}
