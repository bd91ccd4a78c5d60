/**
 * Seeds every fast-check property of a run from `FC_SEED` (a vitest setup file of every project:
 * see vitest.shared.ts). The test runner (test/tools/run.mjs) sets it: a fixed seed in the full
 * suite, so that CI's verdict on a commit does not depend on the draw, and a fresh one, printed, in
 * `npm test`, so that the quick loop keeps exploring and any failure it finds can be replayed with
 * `FC_SEED=<seed> npx vitest run <file>`. Without `FC_SEED`, fast-check draws a seed per property.
 */
import * as fc from "fast-check"

const seed = Number(process.env["FC_SEED"])
if (process.env["FC_SEED"] !== undefined && Number.isSafeInteger(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed })
