/**
 * The live client's modules (`./live.ts`: endpoint rules, protocol, retries, transports) as
 * `CodePipeline.ts` reaches them, `#live` in `package.json`'s `imports`. This file is what a bundler
 * resolves (the `module` condition): the modules imported with the module that uses them. Node
 * resolves `./liveModule.node.ts` instead, which imports them when a live layer is first built.
 *
 * Why two: loading the live client with the package added 25 ms to the Effect 3 flavor's import
 * after `effect` and `@effect/platform` (110 against 85 ms, medians of 7 interleaved processes on
 * Node 24, 2026-12-05), which a program that only uses the test layers would pay for nothing; but a
 * bundler that does not split code wraps a module loaded by `import()`, and every module it
 * imports, `effect`'s included, in a lazy initializer: the headline program's bundle (one operation
 * added to an Effect app) came to 30.1 KB gzip with `import()` against 22.5 KB with this file.
 * `test/liveModule.test.ts` holds the two to the same constructors.
 */
/** The live client's constructors. */
export { make, makeOverHttpClient, makeWithTransport } from "./live.js"
