// The ordered list of schema migrations. Append only: a landed migration is never edited.
import { migration001 } from './001-foundation';
import { migration002 } from './002-custody';
import { migration003 } from './003-drafts';
import { migration004 } from './004-relay';
import { migration005 } from './005-drills';
import { migration006 } from './006-safe-signatures';
import { migration007 } from './007-passphrase-attempts';
import { migration008 } from './008-online-signing';
import { migration009 } from './009-snapshot-warnings-recomputed';
import { migration010 } from './010-broadcast-endpoints';
import { migration011 } from './011-audit-checkpoints';
import { migration012 } from './012-bitcoin';
import { migration013 } from './013-draft-simulations';
import { migration014 } from './014-backups';
import { migration015 } from './015-relay-endpoints';
import { migration016 } from './016-relay-endpoint-chains';
import { migration017 } from './017-btc-wallet-seals';
import { migration018 } from './018-btc-account-seals';
import { migration019 } from './019-relay-pin-seals';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019];

export const LATEST_SCHEMA_VERSION = migrations.length;
