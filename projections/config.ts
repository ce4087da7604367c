import { configDecider, ConfigState, configValue } from '../domain/config/config';
import { EventEnvelope } from '../domain/envelope';
import { isConfigEvent } from '../domain/events';
import { ReadModel } from './read-model';

export const createConfigReadModel = () => {
  let state: ConfigState = configDecider.initialState();
  return {
    name: 'config',
    apply: ({ event }: EventEnvelope): void => {
      if (isConfigEvent(event)) state = configDecider.evolve(state, event);
    },
    /** '' when unset, as getConfigValue answers. */
    get: (name: string): string => configValue(state, name),
    adminPasswordHash: (): string => state.adminPasswordHash,
    snapshot: () => ({
      values: Object.fromEntries(Object.entries(state.values).sort(([a], [b]) => (a < b ? -1 : 1))),
      adminPasswordHash: state.adminPasswordHash,
    }),
    restore: (snapshot: unknown): void => {
      const restored = snapshot as Partial<ConfigState>;
      state = { values: { ...restored.values }, adminPasswordHash: restored.adminPasswordHash ?? '' };
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type ConfigReadModel = ReturnType<typeof createConfigReadModel>;
