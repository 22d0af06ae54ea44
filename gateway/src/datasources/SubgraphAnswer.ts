import type { IncomingHttpHeaders } from 'node:http';

/** A subgraph's whole HTTP answer, read once; callers sharing it each parse their own objects from `body`. */
export interface SubgraphAnswer {
  status: number;
  statusText: string;
  /** Lower-case names, as undici gives them. */
  headers: IncomingHttpHeaders;
  body: Buffer | null;
}
