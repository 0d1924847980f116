/**
 * Within one process, the operations on one idempotency key run in call order, each after the one before it on that
 * key settled (as in SQLite's group commit, where the claims of one turn settle one after the other): used by the
 * stores that talk to a server (PostgreSQL, KurrentDB), whose operations would otherwise overlap.
 */
export function keyTurns(): <T>(userId: string, key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(userId: string, key: string, work: () => Promise<T>): Promise<T> => {
    const id = `${userId}\u0000${key}`;
    const run = (tails.get(id) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(id, tail);
    void tail.then(() => {
      if (tails.get(id) === tail) tails.delete(id);
    });
    return run;
  };
}
