/**
 * Zod without its JIT. Zod 4 compiles fast object parsers with `new Function`, and first probes
 * whether it may by calling `new Function("")` in a try/catch. Under the site's
 * Content-Security-Policy (no 'unsafe-eval') that probe is blocked and reported as a violation
 * even though zod catches it; jitless parsing needs no eval. Imported by config.ts, which every
 * schema (runs, links, stored records) builds on, so it is set before any parse.
 */
import { z } from 'zod';

z.config({ jitless: true });
