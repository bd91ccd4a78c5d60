// Bundle baseline: effect, effect/Schema and @effect/platform/HttpClient, used trivially.
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

const Answer = Schema.Struct({ name: Schema.String, created: Schema.Number })
const program = HttpClient.get("http://127.0.0.1:1/").pipe(
  Effect.flatMap((response) => response.json),
  Effect.flatMap(Schema.decodeUnknown(Answer)),
  Effect.scoped,
)
const client = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make(() => Effect.die("unused")),
)
// Exported, so that `app-*.ts` can bundle it with another program (the package is `sideEffects: false`).
export const baseline = Effect.runPromise(Effect.provide(program, client)).then(console.log, console.error)
