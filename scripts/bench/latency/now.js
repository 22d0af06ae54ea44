/** Wall-clock milliseconds with sub-millisecond resolution, comparable with Postgres timestamps. */
const now = () => performance.timeOrigin + performance.now();

module.exports = { now };
