import { gatewayConfigSchema } from '../config/gatewayConfigSchema';
import { parseGatewayEnv } from '../config/gatewayEnvSchema';
import { parseExplorerEnv, resolveExplorer } from './explorerSetting';

describe('the explorer setting', () => {
  it('serves GraphiQL by default in development and nothing in production unless set', () => {
    expect(resolveExplorer(undefined, false)).toBe('graphiql');
    expect(resolveExplorer(undefined, true)).toBe(false);
    expect(resolveExplorer(true, true)).toBe('graphiql');
    expect(resolveExplorer('sandbox', true)).toBe('sandbox');
    expect(resolveExplorer(false, false)).toBe(false);
  });

  it('reads GATEWAY_EXPLORER, and refuses a value it does not know, naming the variable', () => {
    expect(parseGatewayEnv({ GATEWAY_EXPLORER: 'sandbox' }).GATEWAY_EXPLORER).toBe('sandbox');
    expect(parseGatewayEnv({ GATEWAY_EXPLORER: '0' }).GATEWAY_EXPLORER).toBe(false);
    expect(parseGatewayEnv({}).GATEWAY_EXPLORER).toBeUndefined();
    expect(() => parseGatewayEnv({ GATEWAY_EXPLORER: 'playground' })).toThrow(/GATEWAY_EXPLORER/);
    expect(parseExplorerEnv('true')).toBe(true);
    expect(parseExplorerEnv('')).toBeUndefined();
    expect(() => parseExplorerEnv('playground')).toThrow('GATEWAY_EXPLORER: "playground" is not one of graphiql, sandbox, true, false');
  });

  it('accepts graphiql, sandbox or a boolean in the config file, and nothing else', () => {
    for (const explorer of ['graphiql', 'sandbox', true, false]) expect(gatewayConfigSchema.safeParse({ explorer }).success).toBe(true);
    expect(gatewayConfigSchema.safeParse({ explorer: 'playground' }).success).toBe(false);
  });
});
