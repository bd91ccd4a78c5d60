/**
 * The shapes of the CodePipeline model as TypeScript types (the core's view: `Date` timestamps,
 * sensitive strings as plain strings).
 *
 * @since 0.1.0
 */
export type * from "./generated/types.js"
