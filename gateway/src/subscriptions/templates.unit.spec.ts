import { globMatch } from './globMatch';
import { passesFilters } from './passesFilters';
import { renderChannel } from './renderChannel';
import { renderResult } from './renderResult';

describe('renderChannel', () => {
  it('fills args and auth placeholders', () => {
    expect(renderChannel('circle.{args.id}.{auth.recipient.circle.id}', { args: { id: 7 }, auth: { recipient: { circle: { id: 'c1' } } } }))
      .toBe('circle.7.c1');
  });
  it('refuses to render a channel with a missing value', () => {
    expect(() => renderChannel('circle.{args.id}', { args: {} })).toThrow(/\{args.id\}/);
  });
});

describe('globMatch', () => {
  it('matches one or more characters across dots', () => {
    expect(globMatch('medication.*', 'medication.logged')).toBe(true);
    expect(globMatch('medication.*', 'medication.refill.needed')).toBe(true);
    expect(globMatch('medication.*', 'medication')).toBe(false);
    expect(globMatch('bill.paid', 'bill.paid')).toBe(true);
    expect(globMatch('bill.paid', 'billxpaid')).toBe(false);
  });
});

describe('passesFilters', () => {
  const event = { type: 'medication.logged', data: { recipientId: '42' } };
  it('passes with no rules', () => expect(passesFilters(undefined, event, {})).toBe(true));
  it('checks equals against a literal', () => {
    expect(passesFilters([{ event: 'type', equals: 'medication.logged' }], event, {})).toBe(true);
    expect(passesFilters([{ event: 'type', equals: 'bill.paid' }], event, {})).toBe(false);
  });
  it('checks matches against literal glob patterns', () => {
    expect(passesFilters([{ event: 'type', matches: ['bill.*', 'medication.*'] }], event, {})).toBe(true);
    expect(passesFilters([{ event: 'type', matches: ['bill.*'] }], event, {})).toBe(false);
  });

  it('checks equalsArg and skips it when the argument is absent', () => {
    expect(passesFilters([{ event: 'data.recipientId', equalsArg: 'id' }], event, { id: '42' })).toBe(true);
    expect(passesFilters([{ event: 'data.recipientId', equalsArg: 'id' }], event, { id: '43' })).toBe(false);
    expect(passesFilters([{ event: 'data.recipientId', equalsArg: 'id' }], event, { id: null })).toBe(true);
  });
  it('checks matchesArg patterns, an absent or empty list letting everything through', () => {
    const rule = [{ event: 'type', matchesArg: 'types' }];
    expect(passesFilters(rule, event, { types: ['bill.*', 'medication.*'] })).toBe(true);
    expect(passesFilters(rule, event, { types: ['bill.*'] })).toBe(false);
    expect(passesFilters(rule, event, { types: [] })).toBe(true);
    expect(passesFilters(rule, event, {})).toBe(true);
  });
  it('requires every rule to pass', () => {
    expect(passesFilters([{ event: 'type', equals: 'medication.logged' }, { event: 'data.recipientId', equals: 'x' }], event, {})).toBe(false);
  });
});

describe('renderResult', () => {
  const event = { id: 'e1', causedby: 'u1', data: { n: 1 } };
  it('replaces $event references, keeps literals and nulls missing values', () => {
    expect(renderResult({ __typename: 'Event', id: '$event.id', data: '$event.data', missing: '$event.nope', n: 3 }, event))
      .toEqual({ __typename: 'Event', id: 'e1', data: { n: 1 }, missing: null, n: 3 });
  });
  it('recurses into nested objects and drops $if', () => {
    expect(renderResult({ actor: { $if: '$event.causedby', __typename: 'User', id: '$event.causedby' } }, event))
      .toEqual({ actor: { __typename: 'User', id: 'u1' } });
  });
  it('turns an object into null when its $if value is missing', () => {
    expect(renderResult({ actor: { $if: '$event.nobody', id: '$event.nobody' } }, event)).toEqual({ actor: null });
  });
});
