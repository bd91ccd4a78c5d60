/**
 * How the Effect package holds the wire's sensitive strings (as `Redacted`) and reads the wire (leniently),
 * apart from `./codec.ts`: what only decodes (the job worker, the protocol) does not load the
 * core's codec, which the package then loads with its first call rather than with itself.
 */
// Mirror of src/services/internal/secrets.ts: the same in both flavors but for Effect's own modules.
import type * as Codec from "@effect-codepipeline/core/Codec"
import * as Redacted from "effect/Redacted"

/** Sensitive strings as `Redacted` values. */
export const secrets: Codec.Secrets = {
  conceal: Redacted.make,
  reveal: (value) => (Redacted.isRedacted(value) ? Redacted.value(value as Redacted.Redacted<string>) : undefined),
}

/** How the wire is read: leniently, sensitive strings as `Redacted`. */
export const decodeOptions: Codec.DecodeOptions = { secrets, strict: false }
