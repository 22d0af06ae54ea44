// One benchmark subgraph in its own process: `node subgraphServer.js <name> <port> [module]` listens on
// 127.0.0.1, prints `listening <port>`, and serves POST /graphql. `module` (default ./benchSubgraphs)
// exports SUBGRAPHS: name → { typeDefs, resolvers }. Static data, so
// every distinct request body always gets the same answer: the answer is computed once per body
// and kept (bounded), which keeps the subgraphs cheap next to the gateways they serve.
// GET /stats answers { calls, distinctAuthorizations } since the previous /stats and resets them.
const http = require('node:http');
const { parse, validate, execute } = require('graphql');
const { buildSubgraphSchema } = require('@apollo/subgraph');

const MAX_CACHED_ANSWERS = 5000;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TRACKED_AUTHORIZATIONS = 2_000_000;

const name = process.argv[2];
const port = Number(process.argv[3]);
const { SUBGRAPHS } = require(process.argv[4] ?? './benchSubgraphs');
const definition = SUBGRAPHS[name];
if (!definition) throw new Error(`unknown subgraph ${name}`);
const schema = buildSubgraphSchema([{ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers }]);

const answers = new Map();
let calls = 0;
let authorizations = new Set();

async function answer(body) {
  const cached = answers.get(body);
  if (cached) return cached;
  const { query, variables, operationName } = JSON.parse(body);
  const document = parse(query);
  const errors = validate(schema, document);
  const result = errors.length ? { errors } : await execute({ schema, document, variableValues: variables, operationName });
  const text = JSON.stringify(result);
  if (answers.size < MAX_CACHED_ANSWERS && !result.errors) answers.set(body, text);
  return text;
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ calls, distinctAuthorizations: authorizations.size }));
    calls = 0;
    authorizations = new Set();
    return;
  }
  if (req.method !== 'POST') {
    res.statusCode = 404;
    res.end();
    return;
  }
  calls++;
  const authorization = req.headers.authorization;
  if (authorization && authorizations.size < MAX_TRACKED_AUTHORIZATIONS) authorizations.add(authorization);
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    answer(Buffer.concat(chunks).toString('utf8')).then(
      (text) => {
        res.setHeader('content-type', 'application/json');
        res.end(text);
      },
      (error) => {
        res.statusCode = 400;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errors: [{ message: String(error.message) }] }));
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the bench: the bench holds our stdin open; when it goes, we go.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
