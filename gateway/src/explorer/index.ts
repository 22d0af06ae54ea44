export { explorerLandingPage } from './explorerLandingPage';
export { explorerRoutes, GRAPHIQL_PATH } from './explorerRoutes';
export { explorerEnvSchema, explorerSettingSchema, parseExplorerEnv, resolveExplorer, type Explorer, type ExplorerSetting } from './explorerSetting';
