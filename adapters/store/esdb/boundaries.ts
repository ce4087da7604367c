/** Positions remembered; a reader's checkpoint is nearly always among the most recent. */
const MAX_REMEMBERED = 100_000;

/**
 * The server can only start reading $all at a record boundary (any other offset lands inside a
 * record). Every position the adapter has written or read is one; this remembers the recent ones,
 * so a checkpoint can be resumed from directly and only an unknown position costs a search.
 */
export const createBoundaryMemory = () => {
  const known = new Set<number>();
  return {
    remember: (position: number): void => {
      if (known.has(position)) return;
      known.add(position);
      if (known.size > MAX_REMEMBERED) {
        const oldest = known.values().next();
        if (!oldest.done) known.delete(oldest.value);
      }
    },
    has: (position: number): boolean => known.has(position),
  };
};
