import { verifyToken } from '@caregraph/shared';
import { JWT_SECRET, startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';

const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { token user { id email displayName createdAt } } }';
const LOG_IN = 'mutation($input: LogInInput!) { logIn(input: $input) { token user { id email } } }';
const ME = '{ me { id email displayName careCircles { id name } } }';

describe('identity users over HTTP', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness('identity_users');
  });
  afterAll(() => h?.close());

  it('signs up, logs in and answers me with the token', async () => {
    const signedUp = await h.request(SIGN_UP, { input: { email: '  Ada@Example.org ', password: 'analytical engine', displayName: 'Ada' } });
    expect(signedUp.errors).toBeUndefined();
    const user = signedUp.data!.signUp.user;
    expect(user).toMatchObject({ email: 'ada@example.org', displayName: 'Ada' });
    expect(new Date(user.createdAt).toISOString()).toBe(user.createdAt);
    expect(await verifyToken(signedUp.data!.signUp.token, JWT_SECRET)).toEqual({ id: user.id, email: 'ada@example.org' });

    const loggedIn = await h.request(LOG_IN, { input: { email: 'ADA@example.org', password: 'analytical engine' } });
    expect(loggedIn.data!.logIn.user.id).toBe(user.id);

    const me = await h.request(ME, {}, loggedIn.data!.logIn.token);
    expect(me.data!.me).toEqual({ id: user.id, email: 'ada@example.org', displayName: 'Ada', careCircles: [] });
  });

  it('answers me with null when anonymous and UNAUTHENTICATED for a bad token', async () => {
    expect((await h.request(ME)).data).toEqual({ me: null });
    const bad = await h.request(ME, {}, 'not-a-token');
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stores the password as an argon2id hash and emits user.created', async () => {
    const { id } = await h.signUp('Grace');
    const { rows } = await h.db.query('select password_hash from identity.users where id = $1', [id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const events = await h.db.query('select event_type, aggregate_type, payload from identity.outbox where aggregate_id = $1', [id]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]).toMatchObject({ event_type: 'user.created', aggregate_type: 'User' });
    expect(events.rows[0].payload).toMatchObject({ source: '/caregraph/identity', subject: id, causedby: id, data: { userId: id, displayName: 'Grace' } });
  });

  it.each([
    ['email', { email: 'not-an-email', password: 'long enough', displayName: 'X' }],
    ['password', { email: 'short@example.org', password: 'short', displayName: 'X' }],
    ['displayName', { email: 'blank@example.org', password: 'long enough', displayName: '   ' }],
    ['displayName', { email: 'long@example.org', password: 'long enough', displayName: 'x'.repeat(101) }],
  ])('rejects a bad %s with BAD_USER_INPUT naming the field', async (field, input) => {
    const result = await h.request(SIGN_UP, { input });
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a second account for the same email, whatever its case, with CONFLICT', async () => {
    const { email } = await h.signUp();
    const again = await h.request(SIGN_UP, { input: { email: email.toUpperCase(), password: 'long enough', displayName: 'Twin' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('lets only one of two racing sign-ups with the same email through', async () => {
    const input = { email: 'race@example.org', password: 'long enough', displayName: 'Racer' };
    const results = await Promise.all([h.request(SIGN_UP, { input }), h.request(SIGN_UP, { input })]);
    const codes = results.map((result) => result.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });

  it('gives the same UNAUTHENTICATED answer for a wrong password and an unknown email', async () => {
    const { email } = await h.signUp();
    const wrongPassword = await h.request(LOG_IN, { input: { email, password: 'wrong password' } });
    const unknownEmail = await h.request(LOG_IN, { input: { email: 'nobody@example.org', password: 'wrong password' } });
    expect(wrongPassword.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrongPassword.errors?.[0].message).toBe(unknownEmail.errors?.[0].message);
  });

  it('updates the display name and emits user.updated', async () => {
    const { id, token } = await h.signUp('Before');
    const result = await h.request('mutation { updateProfile(input: { displayName: "After" }) { id displayName } }', {}, token);
    expect(result.data).toEqual({ updateProfile: { id, displayName: 'After' } });
    const events = await h.db.query(`select payload from identity.outbox where aggregate_id = $1 and event_type = 'user.updated'`, [id]);
    expect(events.rows.map((row) => row.payload.data)).toEqual([{ userId: id, displayName: 'After' }]);
    const anonymous = await h.request('mutation { updateProfile(input: { displayName: "X" }) { id } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves User references through _entities, hiding email and careCircles from strangers', async () => {
    const alice = await h.signUp('Alice');
    const bob = await h.signUp('Bob');
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on User { id displayName careCircles { id } } } }`;
    const representations = [
      { __typename: 'User', id: alice.id },
      { __typename: 'User', id: bob.id },
      { __typename: 'User', id: '00000000-0000-4000-8000-000000000000' },
    ];
    const result = await h.request(query, { representations }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: alice.id, displayName: 'Alice', careCircles: [] },
      { id: bob.id, displayName: 'Bob', careCircles: [] },
      null,
    ]);

    const withEmail = await h.request(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
      { r: [{ __typename: 'User', id: alice.id }, { __typename: 'User', id: bob.id }] },
      alice.token,
    );
    expect(withEmail.data!._entities[0]).toEqual({ id: alice.id, email: alice.email });
    expect(withEmail.data!._entities[1]).toBeNull();
    expect(withEmail.errors).toEqual([expect.objectContaining({ path: ['_entities', 1, 'email'], extensions: { code: 'FORBIDDEN' } })]);
  });
});
