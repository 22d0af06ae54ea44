/** Hands out at most `limit` concurrent slots per key (one request's context); waiters queue in order. */
export function createFetchLimiter(limit: number) {
  const slots = new WeakMap<object, { active: number; waiting: (() => void)[] }>();
  return async function acquire(key: object): Promise<() => void> {
    let state = slots.get(key);
    if (!state) {
      state = { active: 0, waiting: [] };
      slots.set(key, state);
    }
    const current = state;
    if (current.active >= limit) await new Promise<void>((resolve) => current.waiting.push(resolve));
    else current.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = current.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays at the limit.
      if (next) next();
      else current.active -= 1;
    };
  };
}

export type FetchLimiter = ReturnType<typeof createFetchLimiter>;
