// @noble/secp256k1 with its synchronous signer wired to noble's SHA-256 and HMAC-SHA256, the library's own
// recommended setup. Every module that signs synchronously imports secp from here, so the wiring is done once.
import * as secp from '@noble/secp256k1';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

secp.hashes.sha256 ??= sha256;
secp.hashes.hmacSha256 ??= (key: Uint8Array, message: Uint8Array) => hmac(sha256, key, message);

export { secp };
