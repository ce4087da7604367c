import { adminAccessDecider, AdminAccessState } from '../domain/admin/access';
import { EventEnvelope } from '../domain/envelope';
import { isAdminEvent } from '../domain/events';
import { ReadModel } from './read-model';

/** Which users and groups hold administrator rights, folded with the domain's own evolve. */
export const createAdminAccessReadModel = () => {
  let state: AdminAccessState = adminAccessDecider.initialState();
  return {
    name: 'admin-access',
    apply: ({ event }: EventEnvelope): void => {
      if (isAdminEvent(event)) state = adminAccessDecider.evolve(state, event);
    },
    userIds: (): readonly string[] => state.userIds,
    groupIds: (): readonly string[] => state.groupIds,
    snapshot: () => ({ userIds: [...state.userIds].sort(), groupIds: [...state.groupIds].sort() }),
    restore: (snapshot: unknown): void => {
      const restored = snapshot as Partial<AdminAccessState>;
      state = { userIds: [...(restored.userIds ?? [])], groupIds: [...(restored.groupIds ?? [])] };
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type AdminAccessReadModel = ReturnType<typeof createAdminAccessReadModel>;
