// How every peer gateway process runs under the bench: `start()` resolves to { url, stop };
// it prints `ready <url>`, stops on SIGTERM/SIGINT, and exits when the bench's stdin closes (so
// no peer outlives a bench that died).
function runPeer(start) {
  start().then(
    ({ url, stop }) => {
      console.log(`ready ${url}`);
      const shutdown = () => Promise.resolve(stop()).finally(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
      process.stdin.on('end', () => process.exit(0));
      process.stdin.resume();
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { runPeer };
