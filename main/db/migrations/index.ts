// The ordered list of schema migrations. Append only: a landed migration is never edited.
import { migration001 } from './001-foundation';
import { migration002 } from './002-custody';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [migration001, migration002];

export const LATEST_SCHEMA_VERSION = migrations.length;
