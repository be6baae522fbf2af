/**
 * `live --record-latency FILE`: every REST request's round trip, as RockyHost sees it
 * (rocky-transport.ts `onRoundTrip`), written by the latency-log writer (temp file + rename at
 * close; src/market-data/latency-log.ts) for the sim to replay (`exchange.latency: { model: replay }`).
 * Log lines: `latency_recording` at start, `latency_recorded` with the row count at close.
 */
import { LatencyLogWriter, type RoundTrip } from '../market-data/latency-log.js';
import type { JsonLogger } from './logger.js';

export interface LatencyRecording {
  onRoundTrip?: (r: Omit<RoundTrip, 'answered'>) => void;
  close(): void;
}

/** A recording to FILE, or none when `file` is undefined. Throws when FILE cannot be written. */
export function startLatencyRecording(file: string | undefined, log: JsonLogger): LatencyRecording {
  if (file === undefined) return { close: () => {} };
  const w = new LatencyLogWriter(file);
  log.info('latency_recording', { file });
  return {
    onRoundTrip: (r) => w.write(r),
    close: () => {
      w.close();
      log.info('latency_recorded', { file, rows: w.rows });
    },
  };
}
