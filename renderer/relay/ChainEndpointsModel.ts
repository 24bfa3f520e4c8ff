// The relay's endpoints per chain as typed, one CHAIN=URL a line (as the CLI's --rpc CHAIN=URL): for a snapshot set
// and a signed set, each chain read from or sent to its own endpoints only. Each URL is checked as the Endpoints view
// checks one. No DOM here.
import { AirlockError, isAirlockError, type PublicError } from '../../shared/errors';
import { toPublicError } from '../bridge';
import { endpointProblem } from './RelayEndpointsModel';

export interface ChainEndpoints {
  chainId: string;
  endpoints: string[];
}

const LINE = /^([1-9][0-9]{0,19})\s*=\s*(\S+)$/;
const usage = (message: string) => new AirlockError('chain-endpoints-invalid', message);

/** "CHAIN=URL" one a line (blank lines skipped); each URL checked as the Endpoints view checks it. */
export function parseChainEndpointLines(text: string): ChainEndpoints[] {
  const byChain = new Map<string, string[]>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const match = LINE.exec(line);
    if (!match) throw usage(`Line ${i + 1} is not CHAIN=URL (for example 1=https://rpc.example.org). Name the chain of every endpoint.`);
    const [, chainId, url] = match as unknown as [string, string, string];
    const current = byChain.get(chainId) ?? [];
    const problem = endpointProblem(url, current);
    if (problem) throw usage(`Line ${i + 1} (chain ${chainId}): ${problem}`);
    byChain.set(chainId, [...current, new URL(url).href]);
  });
  if (byChain.size === 0) throw usage('Give the endpoints of each chain, one CHAIN=URL a line.');
  return [...byChain].map(([chainId, endpoints]) => ({ chainId, endpoints }));
}

/** A line or set refused in this window keeps its sentence (it names the line, item or chain); anything else goes through the bridge's mapping. */
export function setRefusal(error: unknown): PublicError {
  return isAirlockError(error) ? { code: error.code, message: error.message } : toPublicError(error);
}
