import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';

const UPDATE_PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName } }';

describe('identity.user_directory (the published view other subgraphs address users through)', () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityHarness('identity_user_directory');
  });
  afterAll(() => h?.close());

  it('publishes each user’s id, email and display name, and nothing else', async () => {
    const ada = await h.signUp('Ada');
    const rows = await h.db.query('select * from identity.user_directory where user_id = $1', [ada.id]);
    expect(rows.rows).toEqual([{ user_id: ada.id, email: ada.email, display_name: 'Ada' }]);
  });

  it('follows profile changes, since it is a view over the users table', async () => {
    const grace = await h.signUp('Grace');
    const updated = await h.request(UPDATE_PROFILE, { input: { displayName: 'Grace Hopper' } }, grace.token);
    expect(updated.errors).toBeUndefined();
    const rows = await h.db.query('select display_name from identity.user_directory where user_id = $1', [grace.id]);
    expect(rows.rows).toEqual([{ display_name: 'Grace Hopper' }]);
  });
});
