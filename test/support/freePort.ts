// The launcher's port picker (plain JS, shared with the benchmarks): ports below the kernel's
// ephemeral range, never handed out twice by one process. See scripts/freePort.js for why.
const picker = require('../../scripts/freePort') as {
  freePort(options?: { offset?: number }): Promise<number>;
  isPortFree(port: number): Promise<boolean>;
};

/** A free TCP port; with `offset`, port + offset is free too. */
export const freePort: (options?: { offset?: number }) => Promise<number> = picker.freePort;
export const isPortFree: (port: number) => Promise<boolean> = picker.isPortFree;
