import { isLeft, right } from 'fp-ts/Either';
import { CONFIG_STREAM } from '../../domain/config/config';
import { RequestContext } from '../envelope';
import { Kernel, ok, Result, settled } from '../kernel';

export const createConfigServices = (kernel: Kernel) => ({
  getConfigValue: (name: string): string => kernel.models.config.get(name),
  setConfigValue: async (context: RequestContext, name: string, value: string): Result<true> => {
    const done = await settled(
      kernel,
      await kernel.handlers.config.handle(CONFIG_STREAM, { kind: 'SetConfigValue', name, value }, context),
    );
    return isLeft(done) ? done : ok;
  },
  /** A blank password is refused with false, as the product does. */
  changeInternalAdminPassword: async (context: RequestContext, password: string): Result<boolean> => {
    if (password.trim() === '') return right(false);
    const passwordHash = kernel.hashSecret(password);
    const done = await settled(
      kernel,
      await kernel.handlers.config.handle(
        CONFIG_STREAM,
        { kind: 'ChangeAdminPassword', passwordHash },
        context,
      ),
    );
    return isLeft(done) ? done : right(true);
  },
});

export type ConfigServices = ReturnType<typeof createConfigServices>;
