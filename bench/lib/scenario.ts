import type { Pool } from 'pg';
import type { ApiRequest, RawOp } from './load';

export interface SignedIn {
  id: string;
  role: string;
  token: string;
}

/** Signed-in accounts of the generated network (tokens obtained through POST /auth/login). */
export interface Accounts {
  /** clinic id → the clinicians of that clinic. */
  clinicians: Map<string, SignedIn[]>;
  /** clinic id → the supervisor of that clinic. */
  supervisors: Map<string, SignedIn>;
  foundation: SignedIn;
  admin: SignedIn;
}

export interface ScenarioContext {
  pool: Pool;
  accounts: Accounts;
  quick: boolean;
}

export interface PreparedScenario {
  /** The next API request (rotating records and tokens). */
  next(): ApiRequest;
  /** One raw-baseline operation (rotating records the same way). */
  raw: RawOp;
}

/** An endpoint measured against its raw-SQL baseline. */
export interface Scenario {
  name: string;
  /** The route, as it appears in the OpenAPI document: skipped (and said so) while it is not on main. */
  route: { method: 'get' | 'post'; path: string };
  /** The SQL of one request, written down from the query log (bench/baselines/*.sql.md). */
  baseline: string;
  /** Requests compared by --probe (enough to reach the rarer paths, e.g. a reading that raises a flag). */
  probeRequests?: number;
  prepare(ctx: ScenarioContext): Promise<PreparedScenario>;
}
