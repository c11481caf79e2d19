import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('Content-Security-Policy', () => {
  it('runs no blob: script in a build: pthreads import a file of the site', () => {
    expect(directive(contentSecurityPolicy(), 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive(contentSecurityPolicy(), 'worker-src')).toBe("worker-src 'self' blob:");
  });

  it("lets the dev server's pthreads import tfjs' Blob", () => {
    expect(directive(contentSecurityPolicy({ dev: true }), 'script-src')).toContain('blob:');
  });
});
