/** JWT checks done at the edge; subgraphs verify the forwarded token again. */
export interface AuthOptions {
  /** HS256 secret (env JWT_SECRET). Without a secret and without a JWKS, tokens are forwarded unverified. */
  jwtSecret?: string;
  /** Public keys (EdDSA or RS256) as a JWKS file (env JWT_JWKS_FILE); relative to the config file. */
  jwksFile?: string;
  /** Public keys as a JWKS URL (env JWT_JWKS_URL), fetched and cached by jose. */
  jwksUrl?: string;
  /** Required `iss` claim. Default: not checked. */
  issuer?: string;
  /** Required `aud` claim. Default: not checked. */
  audience?: string;
  /** Refuse requests without an Authorization header. Default false (anonymous allowed). */
  required?: boolean;
}
