import { ValidationError } from '@caregraph/shared';
import { normaliseEmail, requireText, requireUuid } from './validate';

describe('input validation', () => {
  it('normalises emails to trimmed lower case', () => {
    expect(normaliseEmail('  Ada@Example.ORG ')).toBe('ada@example.org');
  });

  it.each(['', 'ada', 'ada@', '@example.org', 'ada@example', 'a da@example.org'])('rejects the email %j naming the field', (email) => {
    expect(() => normaliseEmail(email)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'email' } }));
  });

  it('trims text and bounds its length', () => {
    expect(requireText(' Rose ', 'name')).toBe('Rose');
    expect(() => requireText('  ', 'name')).toThrow(ValidationError);
    expect(() => requireText('x'.repeat(101), 'name')).toThrow(/at most 100/);
  });

  it('accepts UUIDs in any case and rejects anything else', () => {
    expect(requireUuid('0A0B0C0D-0000-4000-8000-000000000000', 'id')).toBe('0a0b0c0d-0000-4000-8000-000000000000');
    expect(() => requireUuid('42', 'id')).toThrow(expect.objectContaining({ details: { field: 'id' } }));
  });
});
