/**
 * The live client's constructors as Node loads them (`#live`'s `default` condition): each imports
 * the live client's modules on its first run, not with the package. See `./liveModule.ts`, what
 * bundlers read.
 */
import * as Effect from "effect/Effect"
import type * as Live from "./live.js"

const live = Effect.promise(() => import("./live.js"))

export const makeWithTransport: typeof Live.makeWithTransport = (options, transport) =>
  Effect.flatMap(live, (m) => m.makeWithTransport(options, transport))

export const make: typeof Live.make = (options) => Effect.flatMap(live, (m) => m.make(options))

export const makeOverHttpClient: typeof Live.makeOverHttpClient = (options) => Effect.flatMap(live, (m) => m.makeOverHttpClient(options))
