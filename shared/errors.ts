// The one error type of Airlock: a stable kebab-case code plus a sentence a key holder can act on.

/** Codes are stable API: tests, the CLI's JSON and the bridge all key on them. */
export type ErrorCode = string;

/** Parameters that may accompany an error. Never put a secret here: only allowlisted, non-secret facts. */
export type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;

export class AirlockError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, message: string, params: ErrorParams = {}) {
    super(message);
    this.name = 'AirlockError';
    this.code = code;
    this.params = params;
  }

  /** The shape that crosses the bridge and the CLI: code and sentence, nothing else. */
  toPublic(): PublicError {
    return { code: this.code, message: this.message };
  }
}

export interface PublicError {
  code: string;
  message: string;
}

export function isAirlockError(value: unknown): value is AirlockError {
  return value instanceof AirlockError;
}

/** A Result as it crosses the bridge: only plain data survives structured clone. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: PublicError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: PublicError): Result<never> {
  return { ok: false, error };
}
