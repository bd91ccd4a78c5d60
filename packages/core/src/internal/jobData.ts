/**
 * What `ClientOperations.decodeJobData` loads: a module of its own, because a bundler keeps every
 * export of a dynamically imported module, and only what they reach of `decodeOutputs.ts`.
 */
export { JobData } from "../generated/decodeOutputs.js"
