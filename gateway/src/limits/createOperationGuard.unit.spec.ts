import { buildSchema } from 'graphql';
import { createOperationGuard } from './createOperationGuard';
import { DEFAULT_LIMITS } from './GatewayLimits';

const schema = buildSchema('type Query { hello(name: String): String }  type Subscription { ticks: Int }');

describe('createOperationGuard().check', () => {
  it('hands subscribers of one query text the same validated document', () => {
    const guard = createOperationGuard(DEFAULT_LIMITS);
    const first = guard.check(schema, 'subscription { ticks }');
    const second = guard.check(schema, 'subscription { ticks }');
    expect('document' in first && 'document' in second && first.document === second.document).toBe(true);
    // Another schema (a reload) validates again.
    const other = guard.check(buildSchema('type Query { x: Int }  type Subscription { ticks: Int }'), 'subscription { ticks }');
    expect('document' in other && 'document' in first && other.document !== first.document).toBe(true);
  });

  it('never remembers a refused query: it is refused every time', () => {
    const guard = createOperationGuard({ ...DEFAULT_LIMITS, maxDepth: 1 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect('errors' in guard.check(schema, '{ nope }')).toBe(true);
    }
  });

  it('keeps no long texts, so hostile distinct queries cannot grow it', () => {
    const guard = createOperationGuard(DEFAULT_LIMITS);
    const long = `{ hello(name: "${'x'.repeat(3000)}") }`;
    const first = guard.check(schema, long);
    const second = guard.check(schema, long);
    expect('document' in first && 'document' in second && first.document !== second.document).toBe(true);
  });
});
