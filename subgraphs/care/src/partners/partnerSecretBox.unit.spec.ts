import { partnerSecretBox } from './partnerSecretBox';

const SUBGRAPH_SECRET = 'a-subgraph-secret-of-at-least-32-bytes';

describe('partnerSecretBox', () => {
  it('keys on PARTNER_SECRET_KEY when set, else on the subgraph secret', () => {
    const sealed = partnerSecretBox(SUBGRAPH_SECRET, {}).seal('whsec_x');
    expect(partnerSecretBox(SUBGRAPH_SECRET, {}).open(sealed)).toBe('whsec_x');
    expect(() => partnerSecretBox('another-subgraph-secret-of-32-bytes!', {}).open(sealed)).toThrow();
    const own = { PARTNER_SECRET_KEY: 'a-partner-key-of-at-least-32-bytes!!' };
    expect(() => partnerSecretBox(SUBGRAPH_SECRET, own).open(sealed)).toThrow();
    expect(partnerSecretBox('whatever', own).open(partnerSecretBox(SUBGRAPH_SECRET, own).seal('whsec_y'))).toBe('whsec_y');
  });

  it('refuses a short PARTNER_SECRET_KEY in production, naming it', () => {
    expect(() => partnerSecretBox(SUBGRAPH_SECRET, { NODE_ENV: 'production', PARTNER_SECRET_KEY: 'short' })).toThrow(/PARTNER_SECRET_KEY: must be at least 32 bytes/);
    expect(() => partnerSecretBox(SUBGRAPH_SECRET, { NODE_ENV: 'development', PARTNER_SECRET_KEY: 'short' })).not.toThrow();
  });
});
