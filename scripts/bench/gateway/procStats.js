// CPU time and memory of one process, read from /proc (Linux).
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU the process (all its threads) has used, in milliseconds. */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** A memory field of /proc/<pid>/status (given in kB there), in MB. */
function statusMb(pid, field) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]) / 1024;
}

/** The process's peak resident set so far (VmHWM), in MB. */
const peakRssMb = (pid) => statusMb(pid, 'VmHWM');

/** The process's resident set now (VmRSS), in MB. */
const rssMb = (pid) => statusMb(pid, 'VmRSS');

module.exports = { cpuMs, peakRssMb, rssMb };
