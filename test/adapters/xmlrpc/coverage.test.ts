import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiMarkdown } from '../../../adapters/cli/api-docs';
import { readMethodsTsv } from '../../../adapters/xmlrpc/coverage';
import { tsvSignature } from '../../../adapters/xmlrpc/method';
import { ALL_METHODS, methodRegistry } from '../../../adapters/xmlrpc/methods';
import { copiedMethodsTsv, sharedMethodsTsv, methodsTsvPath } from '../../support/spec-files';

const specified = readMethodsTsv(methodsTsvPath());

describe('API coverage', () => {
  it('every registered method is in the specification with the same signature, return type and tier', () => {
    const byName = new Map(specified.map((spec) => [spec.name, spec]));
    for (const method of ALL_METHODS) {
      const spec = byName.get(method.name);
      assert.ok(spec, `${method.name} is not in methods.tsv`);
      assert.equal(tsvSignature(method), spec.params, `${method.name} parameters`);
      assert.equal(method.returns, spec.returns, `${method.name} return type`);
      assert.equal(method.tier, spec.tier, `${method.name} tier`);
    }
  });

  it('every device-management method is registered, so callers hear "not supported" instead of "no such method"', () => {
    const registry = methodRegistry();
    for (const spec of specified.filter((each) => each.tier === 'mf'))
      assert.ok(registry.has(spec.name), spec.name);
  });

  it('the copy of methods.tsv in test/fixtures is identical to the specification beside the project', (context) => {
    if (!existsSync(sharedMethodsTsv())) return context.skip('../shared is not beside this checkout');
    assert.equal(readFileSync(copiedMethodsTsv(), 'utf8'), readFileSync(sharedMethodsTsv(), 'utf8'));
  });

  it('docs/api.md is generated from the registry and is up to date (npm run docs:api)', () => {
    const onDisk = readFileSync(join(process.cwd(), 'docs', 'api.md'), 'utf8');
    assert.equal(onDisk, apiMarkdown(specified, methodRegistry()));
  });
});
