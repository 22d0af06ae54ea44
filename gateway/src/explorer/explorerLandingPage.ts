import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Explorer } from './explorerSetting';

/**
 * Apollo Server's landing page on `GET /graphql`: Sandbox when chosen (it loads from Apollo's CDN,
 * so it needs the internet), none otherwise (GraphiQL is served by explorerRoutes before Apollo).
 * Sandbox derives its subscription URL from the endpoint (ws:// on the same path), where graphql-ws listens.
 */
export function explorerLandingPage(explorer: Explorer): ApolloServerPlugin {
  return explorer === 'sandbox'
    ? ApolloServerPluginLandingPageLocalDefault({ embed: { endpointIsEditable: false }, footer: false })
    : ApolloServerPluginLandingPageDisabled();
}
