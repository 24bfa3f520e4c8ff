// Reads standard input as JSON and parses it with one schema, naming the first bad field.
import type { z } from 'zod';
import { AirlockError } from '../../shared/errors';

/** Standard input as JSON, not yet checked: for inputs whose one parser lives in a service. */
export function readJsonInput(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The text itself is not repeated: standard input may carry secrets.
    throw new AirlockError('input-invalid', `Standard input must be JSON (${what}); it could not be read as JSON.`);
  }
}

export function parseJsonInput<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  const value = readJsonInput(text, what);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the input';
    throw new AirlockError('input-invalid', `In ${what}, ${field} is not right: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}
