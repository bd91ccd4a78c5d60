/**
 * The live client's modules (`./live.ts`: endpoint rules, protocol, retries, transports) as
 * `CodePipeline.ts` reaches them, `#live` in `package.json`'s `imports`. This file is what a bundler
 * resolves (the `module` condition): the modules imported with the module that uses them, since a
 * bundler that does not split code wraps a module loaded by `import()`, and every module it
 * imports, `effect`'s included, in a lazy initializer (4.4 KB gzip more in the headline bundle,
 * bench/RESULTS.md). Node resolves `./liveModule.node.ts` instead, which imports them when a live
 * layer is first built, so that a program that only uses the test layers never loads them.
 * `test/liveModule.test.ts` holds the two to the same constructors.
 */
// Mirror of packages/effect3/src/services/internal/liveModule.ts: the same choice, for each flavor's live client.
/** The live client's constructors. */
export { make, makeOverHttpClient, makeWithTransport } from "./live.js"
