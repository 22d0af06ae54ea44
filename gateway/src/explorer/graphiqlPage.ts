export interface GraphiqlPageOptions {
  /** The GraphQL path, for HTTP and graphql-ws. */
  endpoint: string;
  /** Where the bundle (explorer.js, explorer.css, the workers) is served. */
  assets: string;
}

/**
 * The explorer's HTML: the bundle's stylesheet and script from the gateway's own origin, and
 * its settings in a JSON data attribute, so the page needs no inline script.
 */
export function graphiqlPage(options: GraphiqlPageOptions): string {
  const config = escapeHtml(JSON.stringify({ endpoint: options.endpoint, assets: options.assets }));
  const assets = escapeHtml(options.assets);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/explorer.css">
</head>
<body>
<div id="graphiql" data-config="${config}">Loading the explorer…</div>
<script src="${assets}/explorer.js"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
