// The offline explorer: GraphiQL bundled from npm, served by the gateway itself (no CDN).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { readExplorerConfig } from './readExplorerConfig';
import { setUpMonacoWorkers } from './setUpMonacoWorkers';
import './page.css';

const DEFAULT_QUERY = `# Offline explorer: GraphiQL served by the gateway itself,
# no internet needed.
#
# To authenticate, open "Headers" below and enter
#   {"Authorization": "Bearer <token>"}
# Queries and mutations send it as an HTTP header;
# subscriptions (graphql-ws, same endpoint) send it in
# their connection_init payload.

query {
  __typename
}
`;

const root = document.getElementById('graphiql');
if (!root) throw new Error('The explorer page has no #graphiql element');
const config = readExplorerConfig(root, location.href);
setUpMonacoWorkers(config.assets);

// GraphiQL merges the headers editor's JSON into each request's headers, and into the
// graphql-ws connectionParams of each subscription, which is where the gateway reads the token.
const fetcher = createGraphiQLFetcher({ url: config.httpUrl, subscriptionUrl: config.wsUrl, enableIncrementalDelivery: false });

createRoot(root).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: 'headers' }));
