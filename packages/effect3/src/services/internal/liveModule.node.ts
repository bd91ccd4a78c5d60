/**
 * The live client's modules as Node loads them (`#live`'s `default` condition): imported when a
 * live layer is first built, not with the package. See `./liveModule.ts`, what bundlers read.
 */
import * as Effect from "effect/Effect"

/** The live client's module, imported on first use. */
export const live: Effect.Effect<typeof import("./live.js")> = Effect.promise(() => import("./live.js"))
