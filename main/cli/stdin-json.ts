// Reads standard input as JSON and parses it with one schema, naming the first bad field.
import type { z } from 'zod';
import { AirlockError } from '../../shared/errors';

export function parseJsonInput<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The text itself is not repeated: standard input may carry secrets.
    throw new AirlockError('input-invalid', `Standard input must be JSON (${what}); it could not be read as JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the input';
    throw new AirlockError('input-invalid', `In ${what}, ${field} is not right: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}
