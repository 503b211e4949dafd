import { readFile } from 'node:fs/promises';
import type * as z from 'zod/mini';
import { issueField } from './errors.ts';

/**
 * Reads a JSON configuration file and checks it against its schema. Any problem throws an error
 * that names the file and the field, so a bad file stops start-up with a message worth reading.
 */
export async function readConfigFile<Schema extends z.ZodMiniType>(
  path: string,
  schema: Schema,
  what: string,
): Promise<z.infer<Schema>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${what} file ${path}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${what} file ${path}: ${issueField(issue?.path ?? [])} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data as z.infer<Schema>;
}
