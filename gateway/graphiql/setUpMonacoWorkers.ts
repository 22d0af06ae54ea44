/**
 * GraphiQL's editors (Monaco) run their language services in web workers. graphiql ships
 * set-ups for Vite, webpack and esm.sh (a CDN); ours points Monaco at the worker bundles that
 * build.mjs writes next to the page's script, so nothing loads from another origin.
 */
export function setUpMonacoWorkers(assets: string): void {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      const name = label === 'json' || label === 'graphql' ? label : 'editor';
      return new Worker(`${assets}/${name}.worker.js`, { name: `${name} worker` });
    },
  };
}
