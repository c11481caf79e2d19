import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { URL_FLAGS_READ, withoutUrlFlags } from './tfjsUrlFlags';

describe('tfjs URL flags build patch', () => {
  const require = createRequire(import.meta.url);
  const environmentJs = join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/environment.js');

  it('removes the read of location.search from the installed tfjs-core', () => {
    const code = readFileSync(environmentJs, 'utf8');
    expect(code).toContain(URL_FLAGS_READ);
    const patched = withoutUrlFlags(code);
    expect(patched).not.toContain('location.search)');
    expect(patched).toContain('populateURLFlags');
  });

  it('refuses a tfjs-core whose layout it does not know rather than shipping the fault', () => {
    expect(() => withoutUrlFlags('class Environment { populateURLFlags() {} }')).toThrow(/no longer reads its URL flags/);
  });
});
