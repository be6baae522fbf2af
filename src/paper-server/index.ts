/** The paper exchange server: `startPaperServer` (programmatic, tests) and its parts. */
export { startPaperServer, type PaperServer, type PaperServerOptions, type Placement, type ServeFaults } from './server.js';
export { ServerClock } from './clock.js';
export { parseParams, verifySignature, checkTimestamp, hmacHex } from './params.js';
export { parseFaultFlags, type FaultFlags } from './fault-flags.js';
