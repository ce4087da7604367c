import { isLeft, right } from 'fp-ts/Either';
import { ConfigCommand, ConfigEvent, ConfigState, CONFIG_STREAM } from '../../domain/config/config';
import { ReadModels } from '../../projections';
import { CommandHandler } from '../command-handler';
import { RequestContext } from '../envelope';
import { ok, ReadYourWrites, Result } from '../kernel';

/** What the config methods use, and nothing else. */
export interface ConfigPorts {
  readonly config: CommandHandler<ConfigCommand, ConfigState, ConfigEvent>;
  readonly models: Pick<ReadModels, 'config'>;
  /** The admin password is stored only as a salted hash. */
  readonly hashSecret: (secret: string) => string;
  readonly readYourWrites: ReadYourWrites;
}

export const createConfigServices = ({ config, models, hashSecret, readYourWrites }: ConfigPorts) => ({
  getConfigValue: (name: string): string => models.config.get(name),
  setConfigValue: async (context: RequestContext, name: string, value: string): Result<true> => {
    const done = await readYourWrites(
      await config.handle(CONFIG_STREAM, { kind: 'SetConfigValue', name, value }, context),
    );
    return isLeft(done) ? done : ok;
  },
  /** A blank password is refused with false, as the product does. */
  changeInternalAdminPassword: async (context: RequestContext, password: string): Result<boolean> => {
    if (password.trim() === '') return right(false);
    const passwordHash = hashSecret(password);
    const done = await readYourWrites(
      await config.handle(CONFIG_STREAM, { kind: 'ChangeAdminPassword', passwordHash }, context),
    );
    return isLeft(done) ? done : right(true);
  },
});

export type ConfigServices = ReturnType<typeof createConfigServices>;
