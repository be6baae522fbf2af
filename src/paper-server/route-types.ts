/**
 * What a route of the paper server is (routes.ts builds the table; dispatch.ts runs a route after
 * authentication and weights): its security, weight, whether it is an order route, and its action.
 */

export type Security = 'NONE' | 'KEY' | 'SIGNED';

export interface RouteCtx {
  /** Decoded parameters, query over body. */
  v: Map<string, string>;
  /** The caller's account ('' on public routes). */
  acct: string;
  /** Server time of the request. */
  now: number;
}

export interface Route {
  sec: Security;
  /** Public routes: IP weight (may depend on the params). */
  weight?: (v: Map<string, string>) => number;
  /** Order routes: replies carry the order-count headers; faults may target placements. */
  orders?: boolean;
  run(ctx: RouteCtx): unknown;
}

export interface RouteTable {
  /** `${method} ${path}` → route. */
  routes: Map<string, Route>;
  /** Paths with at least one route (for 405 instead of 404). */
  knownPaths: Set<string>;
}

/** How a route file adds its routes to the table. */
export type AddRoute = (method: string, path: string | string[], r: Route) => void;
