/** An index from a key to the ids that carry it (several users may share an email or a full name). */
export const createMultiIndex = () => {
  const index = new Map<string, Set<string>>();
  return {
    add: (key: string, id: string): void => {
      if (key === '') return;
      const ids = index.get(key) ?? new Set<string>();
      ids.add(id);
      index.set(key, ids);
    },
    remove: (key: string, id: string): void => {
      const ids = index.get(key);
      if (ids === undefined) return;
      ids.delete(id);
      if (ids.size === 0) index.delete(key);
    },
    get: (key: string): readonly string[] => [...(index.get(key) ?? [])],
    clear: (): void => index.clear(),
  };
};
