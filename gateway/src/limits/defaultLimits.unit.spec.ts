import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { BENCHMARK_QUERY, BENCHMARK_SUBGRAPHS } from '../testing/benchmarkSubgraphs';
import { createOperationGuard } from './createOperationGuard';
import { DEFAULT_LIMITS } from './GatewayLimits';
import { gatewayConfigSchema } from '../config/gatewayConfigSchema';
import { resolveDefaults } from '../config/resolveDefaults';
import { loadGatewayConfig } from '../config/loadGatewayConfig';

const root = path.resolve(__dirname, '../../..');
const guard = createOperationGuard({ ...DEFAULT_LIMITS, blockFieldSuggestions: true });
const errorsOf = (schema: GraphQLSchema, query: string) => {
  const checked = guard.check(schema, query);
  return 'errors' in checked ? checked.errors.map((error) => error.message) : [];
};

describe('the default operation limits', () => {
  const api = buildSchema(readFileSync(path.join(root, 'api.graphql'), 'utf8'));

  it.each(readdirSync(path.join(root, 'operations')).filter((file) => file.endsWith('.graphql')))('let every operation in operations/%s through', (file) => {
    expect(errorsOf(api, readFileSync(path.join(root, 'operations', file), 'utf8'))).toEqual([]);
  });

  it("let CareGraph's authorize and replay queries (gateway.config.json) through", async () => {
    const config = await loadGatewayConfig(path.join(root, 'gateway.config.json'));
    const queries = Object.values(config.subscriptions ?? {}).flatMap((field) => [field.authorize?.query, field.sequence?.replay.query]).filter((query): query is string => !!query);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(errorsOf(api, query)).toEqual([]);
  });

  it("let the seed script's operations through", () => {
    const seed = readFileSync(path.join(root, 'scripts', 'seed.js'), 'utf8');
    const queries = [...seed.matchAll(/gql\(\s*'([^']+)'/g)].map((match) => match[1]);
    expect(queries.length).toBeGreaterThan(5);
    for (const query of queries) expect(errorsOf(api, query)).toEqual([]);
  });

  it('let the federation benchmark query through', () => {
    const composition = composeServices(BENCHMARK_SUBGRAPHS);
    if (composition.errors) throw composition.errors[0];
    expect(errorsOf(composition.schema.toAPISchema().toGraphQLJSSchema(), BENCHMARK_QUERY)).toEqual([]);
  });

  it('refuse a care-circle membership query nested 16 levels, naming the limit', () => {
    let selection = 'id';
    for (let level = 0; level < 4; level += 1) selection = `careCircles { members { user { ${selection} } } }`;
    const errors = errorsOf(api, `{ me { ${selection} } }`);
    expect(errors.join('\n')).toMatch(/depth limit of 10 exceeded/);
    expect(errors.join('\n')).toMatch(/cost limit of 250000 exceeded/);
  });
});

describe('limits.dedupeFetches', () => {
  it('is on by default and can be turned off in the config file', () => {
    expect(resolveDefaults({ port: 0 }).limits.dedupeFetches).toBe(true);
    const parsed = gatewayConfigSchema.parse({ limits: { dedupeFetches: false } });
    expect(resolveDefaults({ port: 0, limits: parsed.limits }).limits.dedupeFetches).toBe(false);
    expect(gatewayConfigSchema.safeParse({ limits: { dedupeFetches: 'no' } }).success).toBe(false);
  });
});
