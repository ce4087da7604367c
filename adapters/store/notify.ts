/**
 * Tells every subscriber that new events may be readable. A subscriber that throws is its own
 * problem: it must neither stop the others nor escape into the store's commit loop.
 */
export const notifyAll = (listeners: Iterable<() => void>): void => {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // Subscribers handle their own failures (the projection runner records them); nothing to do here.
    }
  }
};
