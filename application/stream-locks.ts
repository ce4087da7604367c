/**
 * Serialises work per stream inside one process, so concurrent requests for one account queue
 * instead of failing each other's expected-revision checks. Other processes are still kept honest
 * by the store's optimistic concurrency.
 */
export const createStreamLocks = () => {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(stream: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(stream) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(stream, tail);
    void tail.then(() => {
      if (tails.get(stream) === tail) tails.delete(stream);
    });
    return result;
  };
};
