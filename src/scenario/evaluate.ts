/** Attach the scenario's expectation results to a finished report. */
import type { Expectation } from './expectations.js';
import type { Report } from '../report/report.js';

export function evaluate(base: Omit<Report, 'expectations'>, expect: Expectation[]): Report {
  return { ...base, expectations: expect.map((e) => e.check(base)) };
}
