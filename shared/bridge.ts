// The one contract between renderer and main: every channel, the modes it exists in, and its
// request and response schemas. Preload, the IPC gate and the e2e harness are all built from it.
import { z } from 'zod';
import type { Result } from './errors';

export const MODES = ['vault', 'relay'] as const;
export type Mode = (typeof MODES)[number];

/** Every IPC channel name is this prefix + a contract key; the gate refuses anything else. */
export const IPC_PREFIX = 'airlock:';

interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  /** Modes in which the channel exists at all (SECURITY(H-11): no vault channel in relay mode). */
  modes: readonly Mode[];
  summary: string;
  request: Req;
  response: Res;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(def: ChannelDef<Req, Res>): ChannelDef<Req, Res> {
  return def;
}

const empty = z.object({}).strict();
const both: readonly Mode[] = ['vault', 'relay'];

export const networkInterfaceSchema = z.object({
  name: z.string(),
  address: z.string(),
  family: z.enum(['IPv4', 'IPv6']),
});

export const networkStatusSchema = z.object({
  /** True while any non-loopback interface is up: the vault must show the red banner. */
  online: z.boolean(),
  interfaces: z.array(networkInterfaceSchema),
  checkedAt: z.number().int(),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.object({
  valid: z.boolean(),
  count: z.number().int().nonnegative(),
  headHash: z.string(),
  problem: z
    .object({ code: z.string(), row: z.number().int().nonnegative(), message: z.string() })
    .nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const contract = {
  'app.status': channel({
    modes: both,
    summary: 'Mode, version and database the app runs with.',
    request: empty,
    response: z.object({
      mode: z.enum(MODES),
      version: z.string(),
      dbPath: z.string(),
      schemaVersion: z.number().int(),
    }),
  }),
  'network.status': channel({
    modes: both,
    summary: 'Network interfaces that are up (the vault warns while any non-loopback one is).',
    request: empty,
    response: networkStatusSchema,
  }),
  'audit.list': channel({
    modes: both,
    summary: 'The newest audit entries, newest first.',
    request: z
      .object({
        limit: z.number().int().min(1).max(500),
        beforeSeq: z.number().int().positive().optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(auditEntrySchema) }),
  }),
  'audit.verify': channel({
    modes: both,
    summary: 'Walk the hash chain of the audit log and report the first broken row.',
    request: empty,
    response: auditVerificationSchema,
  }),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Contract[C]['response']>;

/** What `window.airlock` is: one function per channel, each resolving to a Result. */
export type AirlockApi = { readonly [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> };

export const CHANNELS = Object.keys(contract) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function channelsFor(mode: Mode): ChannelName[] {
  return CHANNELS.filter((name) => contract[name].modes.includes(mode));
}

/**
 * Builds `window.airlock` for one mode: a frozen object whose keys are exactly that mode's channels.
 * The preload passes ipcRenderer.invoke; the e2e harness passes a Playwright binding. The renderer
 * cannot tell them apart, and neither exposes anything but these functions.
 */
export function buildBridgeApi(
  mode: Mode,
  invoke: (ipcChannel: string, request: unknown) => Promise<unknown>,
): Readonly<Partial<AirlockApi>> {
  const api: Record<string, (request: unknown) => Promise<unknown>> = Object.create(null);
  for (const name of channelsFor(mode)) {
    // SECURITY(H-02): the callback receives only a plain request; the result is the Result, nothing else.
    api[name] = (request: unknown) => invoke(IPC_PREFIX + name, request);
  }
  return Object.freeze(api) as Readonly<Partial<AirlockApi>>;
}

/** Reads `--airlock-mode=vault|relay` from a process argv (preload gets it via additionalArguments). */
export function modeFromArgv(argv: readonly string[]): Mode {
  const arg = argv.find((a) => a.startsWith('--airlock-mode='));
  const value = arg?.slice('--airlock-mode='.length);
  return value === 'relay' ? 'relay' : 'vault';
}
