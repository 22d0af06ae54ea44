import { fetchKey } from './fetchKey';
import { isQueryOperation } from './isQueryOperation';

describe('fetchKey', () => {
  const init = (headers: Record<string, string>, body = '{"query":"{a}"}') => ({ method: 'POST', headers, body });

  it('ignores only the correlation id and header order', () => {
    expect(fetchKey('u', init({ authorization: 'A', 'x-correlation-id': '1', 'x-forwarded-for': 'ip' })))
      .toBe(fetchKey('u', init({ 'x-forwarded-for': 'ip', 'X-Correlation-Id': '2', Authorization: 'A' })));
  });

  it.each([
    ['authorization', { authorization: 'B', 'x-forwarded-for': 'ip' }],
    ['a missing authorization', { 'x-forwarded-for': 'ip' }],
    ['x-forwarded-for', { authorization: 'A', 'x-forwarded-for': 'other' }],
    ['any other header', { authorization: 'A', 'x-forwarded-for': 'ip', 'x-gateway-token': 't' }],
  ])('differs by %s', (_, headers) => {
    expect(fetchKey('u', init(headers))).not.toBe(fetchKey('u', init({ authorization: 'A', 'x-forwarded-for': 'ip' })));
  });

  it('differs by URL and by body (document, variables)', () => {
    const base = fetchKey('u', init({}));
    expect(fetchKey('v', init({}))).not.toBe(base);
    expect(fetchKey('u', init({}, '{"query":"{a}","variables":{"x":1}}'))).not.toBe(base);
  });
});

describe('isQueryOperation', () => {
  it.each([
    ['{a}', true],
    ['query{a}', true],
    ['query Q__catalog__0($representations:[_Any!]!){_entities(representations:$representations){__typename}}', true],
    ['mutation{touch}', false],
    ['mutation M__catalog__0{touch}', false],
    ['subscription{itemChanged{id}}', false],
    ['queryish', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (document, expected) => {
    expect(isQueryOperation(document)).toBe(expected);
  });
});
