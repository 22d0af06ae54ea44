import { parse } from 'graphql';
import { findUnsafeLiteral, findUnsafeText, isUnsafeText } from './findUnsafeText';

describe('findUnsafeText', () => {
  it('accepts ordinary text, including emoji (surrogate pairs)', () => {
    expect(isUnsafeText('Metformin 500 mg, ☕ 🙂 Zoë')).toBe(false);
    expect(findUnsafeText({ input: { name: 'Mum 🙂', tags: ['a', 'b'] } })).toBeUndefined();
  });

  it('finds a NUL byte and lone surrogates of either half, with their path', () => {
    expect(findUnsafeText({ input: { name: 'a\u0000b' } })).toBe('input.name');
    expect(findUnsafeText({ input: { tags: ['ok', 'x\uD800'] } })).toBe('input.tags[1]');
    expect(findUnsafeText({ input: { note: '\uDC00 trailing half' } })).toBe('input.note');
    expect(findUnsafeText({ ['bad\u0000key']: 1 })).toBe('bad\u0000key');
  });

  it('finds a bad string literal in a document and names its argument', () => {
    expect(findUnsafeLiteral(parse('mutation { updateProfile(input: { displayName: "a\\u0000b" }) { id } }'))).toBe('input.displayName');
    expect(findUnsafeLiteral(parse('query { careCircle(id: "\\u0000") { id } }'))).toBe('id');
    // graphql-js itself refuses a lone surrogate in a literal, escaped or raw: a syntax error before any check.
    expect(() => parse('query { careCircle(id: "\\uD800") { id } }')).toThrow(/Invalid Unicode/);
    expect(() => parse('query { careCircle(id: "\uD800") { id } }')).toThrow(/Invalid character/);
    expect(findUnsafeLiteral(parse('query { careCircle(id: "x") { id } }'))).toBeUndefined();
  });
});
