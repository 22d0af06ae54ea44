// The subscribers' credentials: HS256 JWTs with the claims CareGraph's tokens carry (issuer,
// audience, sub, email, exp). `shared`: one token for every subscriber; `distinct`: one each.
const { SignJWT } = require('jose');

const TOKEN_CLAIMS = { issuer: 'caregraph-identity', audience: 'caregraph' };

function sign(secret, subject) {
  return new SignJWT({ email: `${subject}@bench.invalid` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(TOKEN_CLAIMS.issuer)
    .setAudience(TOKEN_CLAIMS.audience)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}

/** `count` Authorization values ("Bearer …"), all the same one for `shared`. */
async function authorizations(mode, count, secret) {
  if (mode === 'shared') return new Array(count).fill(`Bearer ${await sign(secret, 'fanout-shared')}`);
  const values = [];
  for (let i = 0; i < count; i++) values.push(`Bearer ${await sign(secret, `fanout-${i}`)}`);
  return values;
}

module.exports = { TOKEN_CLAIMS, authorizations };
