// Preloaded into every server of the fan-out bench (`node --expose-gc --require <this>`): SIGUSR2
// runs a full garbage collection, so that the bench reads the resident set without the garbage
// of whatever ran before (start-up, the subscribing). It changes nothing else.
process.on('SIGUSR2', () => global.gc?.());
