// The baseline program and one operation of this SDK in one bundle: what using the SDK adds to an
// Effect app that already carries effect, effect/Schema and effect/http's HttpClient.
export { baseline } from "./baseline.js"
export { oneOperation } from "./sdk-one-module.js"
