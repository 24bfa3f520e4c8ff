// Injected into the renderer bundle only: @ngraveio/bc-ur (used by shared/airgap/ur.ts) reads Node's global
// `Buffer` without importing it; esbuild's `inject` turns each such bare `Buffer` into this import.
export { Buffer } from 'buffer';
