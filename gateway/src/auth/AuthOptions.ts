/** JWT checks done at the edge; subgraphs verify the forwarded token again. */
export interface AuthOptions {
  /** HS256 secret; without it tokens are forwarded unverified. */
  jwtSecret?: string;
  issuer?: string;
  audience?: string;
  /** Refuse requests without an Authorization header. Default false (anonymous allowed). */
  required?: boolean;
}
