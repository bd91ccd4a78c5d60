/**
 * The length of a string as Smithy's `@length` counts it: Unicode scalar values, not UTF-16 code
 * units (an emoji is one character). `Codec` re-exports these; this module is apart from it so that
 * checking a length does not load the codec.
 *
 * ```ts
 * import { hasMaxCodePoints } from "@effect-codepipeline/core/CodePoints"
 *
 * hasMaxCodePoints("🚀🚀", 2) // true: two characters, four UTF-16 code units
 * ```
 *
 * @since 1.0.0
 */
import { atLeast, atMost } from "./internal/codePoints.js"

/**
 * Whether `s` has at least `min` characters as Smithy's `@length` counts them: Unicode scalar
 * values, not UTF-16 code units (an emoji is one). Counts only when `s.length` cannot decide.
 *
 * @since 0.1.0
 */
export const hasMinCodePoints: (s: string, min: number) => boolean = atLeast

/**
 * Whether `s` has at most `max` characters as Smithy's `@length` counts them (see
 * {@link hasMinCodePoints}).
 *
 * @since 0.1.0
 */
export const hasMaxCodePoints: (s: string, max: number) => boolean = atMost
