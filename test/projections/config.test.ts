import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configDecider } from '../../domain/config/config';
import { createReadModels } from '../../projections';
import { createEventLog } from '../support/event-log';
import { readModelsOf, setConfig } from './fixtures';

describe('config read model', () => {
  it('answers the value set last, and "" for a name never set or unset', () => {
    const log = createEventLog();
    setConfig(log, 'user.default-overdraft', '5');
    setConfig(log, 'user.default-overdraft', '7.5');
    setConfig(log, 'temporary', 'x');
    setConfig(log, 'temporary', '');
    const { config } = readModelsOf(log);
    assert.equal(config.get('user.default-overdraft'), '7.5');
    assert.equal(config.get('temporary'), '');
    assert.equal(config.get('never.set'), '');
  });

  it('holds the admin password hash', () => {
    const log = createEventLog();
    log.execute('config', configDecider, { kind: 'ChangeAdminPassword', passwordHash: 'hash' });
    assert.equal(readModelsOf(log).config.adminPasswordHash(), 'hash');
  });

  it('answers "" for names of Object.prototype, and keeps them as plain names through a snapshot', () => {
    const log = createEventLog();
    assert.equal(readModelsOf(log).config.get('constructor'), '');
    assert.equal(readModelsOf(log).config.get('__proto__'), '');
    setConfig(log, '__proto__', 'p');
    setConfig(log, 'constructor', 'c');
    const models = readModelsOf(log);
    const restored = createReadModels();
    restored.restore(models.serialize());
    for (const { config } of [models, restored]) {
      assert.equal(config.get('__proto__'), 'p');
      assert.equal(config.get('constructor'), 'c');
      assert.equal(config.get('toString'), '');
    }
    assert.equal(restored.serialize(), models.serialize());
    assert.equal(({} as Record<string, unknown>).p, undefined);
  });
});
