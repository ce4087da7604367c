/** A bounded map that forgets the least recently used entry: every cache in Folio has a limit. */
export const createLru = <K, V>(maxEntries: number) => {
  const entries = new Map<K, V>();
  return {
    get: (key: K): V | undefined => {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set: (key: K, value: V): void => {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
    },
    delete: (key: K): void => {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
};
